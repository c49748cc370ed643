import {
  type EnrollRequest,
  type EnrollResponse,
  HOSTNAME_MAX_LENGTH,
  WINDOWS_USER_MAX_LENGTH,
} from '@cutover/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { Optional } from '../../common/dto/optional';
import { AgentText } from './agent-text';

/** Optional fields may be null ("unknown"), as in the poll's inventory: agents in the field send that. */
export class EnrollDto implements EnrollRequest {
  @ApiProperty({ description: "The migration's enrollment key, from the dashboard.", maxLength: 200 })
  @AgentText(1, 200)
  enrollmentKey!: string;

  @ApiProperty({ minLength: 1, maxLength: HOSTNAME_MAX_LENGTH, example: 'PC-0042' })
  @AgentText(1, HOSTNAME_MAX_LENGTH)
  hostname!: string;

  @ApiProperty({ minLength: 1, maxLength: WINDOWS_USER_MAX_LENGTH, example: 'CONTOSO\\alice' })
  @AgentText(1, WINDOWS_USER_MAX_LENGTH)
  windowsUser!: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 320, example: 'alice@contoso.com' })
  @Optional({ nullable: true })
  @AgentText(3, 320)
  @Matches(/^[^@\s]+@[^@\s]+$/, { message: 'userEmail must be an email address' })
  userEmail?: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 64, example: '10.0.19045' })
  @Optional({ nullable: true })
  @AgentText(0, 64)
  osVersion?: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 64, example: '16.0.4266.1001' })
  @Optional({ nullable: true })
  @AgentText(0, 64)
  outlookVersion?: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 64, example: '1.4.2' })
  @Optional({ nullable: true })
  @AgentText(0, 64)
  agentVersion?: string;
}

export class EnrollResponseDto implements EnrollResponse {
  @ApiProperty({ format: 'uuid' })
  deviceId!: string;

  @ApiProperty({
    description: 'Bearer secret for every later call; stored only as a hash and never shown again.',
  })
  deviceToken!: string;

  @ApiProperty({ example: 120 })
  pollIntervalSeconds!: number;
}
