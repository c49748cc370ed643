import {
  AGENT_COMPONENTS,
  type AgentComponent,
  COMMAND_TYPES,
  type CommandType,
  LONG_POLL_MAX_WAIT_SECONDS,
  LONG_POLL_MIN_WAIT_SECONDS,
  MIGRATION_TYPES,
  type MigrationType,
  type PollInventory,
  type PollRequest,
  type PollResponse,
  type PollSession,
} from '@cutover/domain';
import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { AgentText } from './agent-text';

export class PollSessionDto implements PollSession {
  @ApiProperty()
  @IsBoolean()
  locked!: boolean;

  @ApiProperty()
  @IsBoolean()
  userSignedIn!: boolean;
}

export class PollInventoryDto implements PollInventory {
  @ApiPropertyOptional({ maxLength: 64, example: '16.0.4266.1001' })
  @IsOptional()
  @AgentText(0, 64)
  outlookVersion?: string;

  @ApiPropertyOptional({ maxLength: 64, example: '1.4.2' })
  @IsOptional()
  @AgentText(0, 64)
  agentVersion?: string;

  @ApiPropertyOptional({ minimum: 0, example: 52000000000 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  freeDiskBytes?: number;

  @ApiPropertyOptional({ minimum: 0, example: 1800000000 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  localDataBytes?: number;
}

export class PollDto implements PollRequest {
  @ApiProperty({ enum: AGENT_COMPONENTS, description: 'D1: each part of the agent polls on its own.' })
  @IsIn(AGENT_COMPONENTS)
  component!: AgentComponent;

  @ApiPropertyOptional({
    type: PollSessionDto,
    description: 'Required for the client part (D9); ignored for the service part.',
  })
  @ValidateIf((o: PollDto) => o.component === 'client')
  @IsObject()
  @ValidateNested()
  @Type(() => PollSessionDto)
  session?: PollSessionDto;

  @ApiPropertyOptional({
    type: PollInventoryDto,
    description: 'Updates the device and its readiness alerts (D3).',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => PollInventoryDto)
  inventory?: PollInventoryDto;
}

export class PollQueryDto {
  @ApiPropertyOptional({
    minimum: LONG_POLL_MIN_WAIT_SECONDS,
    maximum: LONG_POLL_MAX_WAIT_SECONDS,
    description:
      'Long poll: with nothing to deliver, hold the reply until a command is available or this many seconds pass.',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(LONG_POLL_MIN_WAIT_SECONDS)
  @Max(LONG_POLL_MAX_WAIT_SECONDS)
  waitSeconds?: number;
}

export class CreateProfilePayloadDto {
  @ApiProperty({ example: 'alice@contoso.onmicrosoft.com', description: 'The Office 365 address.' })
  mailbox!: string;
}

export class SwitchProfilePayloadDto {
  @ApiProperty({ enum: MIGRATION_TYPES })
  migrationType!: MigrationType;

  @ApiProperty()
  transferLocalData!: boolean;
}

export class AgentCommandDto {
  @ApiProperty({
    format: 'uuid',
    description: 'The same id on a re-delivery: the agent treats it as the same command.',
  })
  id!: string;

  @ApiProperty({ enum: COMMAND_TYPES })
  type!: CommandType;

  @ApiProperty({ format: 'date-time' })
  issuedAt!: string;

  @ApiProperty({
    format: 'date-time',
    description: 'Not delivered again before this; a progress report extends it.',
  })
  leaseExpiresAt!: string;

  @ApiProperty({
    oneOf: [
      { $ref: getSchemaPath(CreateProfilePayloadDto) },
      { $ref: getSchemaPath(SwitchProfilePayloadDto) },
    ],
  })
  payload!: CreateProfilePayloadDto | SwitchProfilePayloadDto;
}

export class PollResponseDto implements PollResponse {
  @ApiProperty({ example: 120, description: 'D2: when to poll next.' })
  pollIntervalSeconds!: number;

  @ApiProperty({ type: [AgentCommandDto] })
  commands!: PollResponse['commands'];
}
