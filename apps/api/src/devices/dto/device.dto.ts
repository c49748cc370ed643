import {
  COMMAND_TYPES,
  type CommandType,
  type PendingCommand,
  type Device,
  type DeviceAlert,
  type DeviceDetail,
  type DeviceError,
  type DeviceEvent,
  type DeviceProgress,
  type Page,
  PROGRESS_STAGES,
  type ProgressStage,
  READINESS_ALERT_CODES,
  type AlertCode,
  DEVICE_STATUSES,
  type DeviceStatus,
} from '@cutover/domain';
import { ApiProperty } from '@nestjs/swagger';
import { ActorDto } from '../../common/dto/actor.dto';

export class DeviceErrorDto implements DeviceError {
  @ApiProperty({
    example: 'AUTODISCOVER_FAILED',
    description: 'As the agent sent it, even when the catalogue does not know it (D6).',
  })
  code!: string;

  @ApiProperty({ description: 'Plain language, with the agent’s detail when it sent one.' })
  message!: string;

  @ApiProperty({ description: 'What to do about it.' })
  action!: string;

  @ApiProperty({ example: '/troubleshooting/AUTODISCOVER_FAILED' })
  troubleshootingUrl!: string;
}

export class DeviceAlertDto implements DeviceAlert {
  @ApiProperty({ enum: READINESS_ALERT_CODES })
  code!: AlertCode;

  @ApiProperty()
  message!: string;

  @ApiProperty()
  action!: string;

  @ApiProperty({ example: '/troubleshooting/OUTLOOK_OUTDATED' })
  troubleshootingUrl!: string;

  @ApiProperty({ format: 'date-time' })
  raisedAt!: string;
}

export class DeviceProgressDto implements DeviceProgress {
  @ApiProperty({ enum: PROGRESS_STAGES })
  stage!: ProgressStage;

  @ApiProperty({ minimum: 0, maximum: 100 })
  percent!: number;
}

export class PendingCommandDto implements PendingCommand {
  @ApiProperty({ enum: COMMAND_TYPES })
  type!: CommandType;

  @ApiProperty({
    format: 'date-time',
    description: 'When it was queued (or the partner asked for the retry).',
  })
  queuedAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When an agent took it.' })
  deliveredAt!: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description:
      'D17: now when the device holds a long poll; its last check-in plus the poll interval when online; ' +
      'null when offline ("when the device comes online") or once delivered.',
  })
  expectedPickupAt!: string | null;
}

export class DeviceDto implements Device {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  migrationId!: string;

  @ApiProperty({ example: 'PC-0042' })
  hostname!: string;

  @ApiProperty({ example: 'CONTOSO\\alice' })
  windowsUser!: string;

  @ApiProperty({ type: String, nullable: true, example: 'alice@contoso.com' })
  userEmail!: string | null;

  @ApiProperty({ enum: DEVICE_STATUSES })
  status!: DeviceStatus;

  @ApiProperty({ description: 'D2: a part of the agent polled within the last 3 poll intervals.' })
  online!: boolean;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastSeenAt!: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'D1: the client part (signed-in user).',
  })
  clientLastSeenAt!: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'D1: the service part (Network Service).',
  })
  serviceLastSeenAt!: string | null;

  @ApiProperty({
    type: Boolean,
    nullable: true,
    description: 'D9: null until the client part reported its session.',
  })
  locked!: boolean | null;

  @ApiProperty({
    type: Boolean,
    nullable: true,
    description: 'D9: a user is signed in (null until reported).',
  })
  userSignedIn!: boolean | null;

  @ApiProperty({ type: String, nullable: true, example: '16.0.4266.1001' })
  outlookVersion!: string | null;

  @ApiProperty({ type: String, nullable: true })
  agentVersion!: string | null;

  @ApiProperty({ type: String, nullable: true })
  osVersion!: string | null;

  @ApiProperty({ format: 'date-time' })
  enrolledAt!: string;

  @ApiProperty({ type: DeviceErrorDto, nullable: true })
  error!: DeviceErrorDto | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'D4: the next automatic retry.',
  })
  nextRetryAt!: string | null;

  @ApiProperty({ description: 'D4: no automatic retry is left; retry from the dashboard (D5).' })
  manualRetryRequired!: boolean;

  @ApiProperty({ type: DeviceProgressDto, nullable: true })
  progress!: DeviceProgressDto | null;

  @ApiProperty({ type: [DeviceAlertDto], description: 'Open readiness alerts (D1, D3).' })
  alerts!: DeviceAlertDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'D15: the address CREATE_PROFILE carries or will carry (mapping, else userEmail); null when unknown.',
  })
  mailbox!: string | null;

  @ApiProperty({
    type: PendingCommandDto,
    nullable: true,
    description: 'D17: the command waiting for the device or running, or null.',
  })
  pendingCommand!: PendingCommandDto | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'D11: 1-based place in the transfer queue while queued_for_bandwidth, else null.',
  })
  queuePosition!: number | null;
}

export class DeviceEventDto implements DeviceEvent {
  @ApiProperty({ format: 'date-time' })
  at!: string;

  @ApiProperty({ example: 'command_failed' })
  type!: string;

  @ApiProperty({ type: String, nullable: true, description: 'One line of text.' })
  detail!: string | null;

  @ApiProperty({
    description: 'The structured detail the text was made from.',
    type: 'object',
    additionalProperties: true,
  })
  data!: Record<string, unknown>;

  @ApiProperty({
    type: ActorDto,
    nullable: true,
    description: 'The partner user behind a partner action.',
  })
  actor!: ActorDto | null;
}

export class DeviceDetailDto extends DeviceDto implements DeviceDetail {
  @ApiProperty({ type: [DeviceEventDto], description: 'Newest first; at most the latest 1000.' })
  events!: DeviceEventDto[];
}

export class DevicePageDto implements Page<DeviceDto> {
  @ApiProperty({ type: [DeviceDto] })
  items!: DeviceDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last page.',
  })
  nextCursor!: string | null;

  @ApiProperty({ description: 'Devices matching the filter (all pages).' })
  total!: number;
}
