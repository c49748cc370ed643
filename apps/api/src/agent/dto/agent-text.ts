import { applyDecorators } from '@nestjs/common';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';

// PostgreSQL text and jsonb cannot hold U+0000: such a string is refused here (400), not at the database (500).
// eslint-disable-next-line no-control-regex -- matching NUL is the point
const NO_NUL = /^[^\u0000]*$/;

/** A string from the agent, `min`–`max` characters, without NUL. */
export function AgentText(min: number, max: number): PropertyDecorator {
  return applyDecorators(
    IsString(),
    MinLength(min),
    MaxLength(max),
    Matches(NO_NUL, { message: '$property must not contain NUL characters' }),
  );
}
