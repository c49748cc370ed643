import { applyDecorators } from '@nestjs/common';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { StorableText } from '../../common/dto/storable-text';

/**
 * A string from the agent, `min`–`max` characters, without NUL (PostgreSQL text and jsonb cannot hold it)
 * or an unpaired surrogate (no UTF-8 encoding): such a string is refused here (400), not at the database.
 */
export function AgentText(min: number, max: number): PropertyDecorator {
  return applyDecorators(IsString(), MinLength(min), MaxLength(max), StorableText());
}
