import { DEVICE_STATUSES, type MigrationSummary, READINESS_ALERT_CODES } from '@cutover/domain';
import { ApiProperty } from '@nestjs/swagger';

export class FailureCountDto {
  @ApiProperty({ example: 'AUTODISCOVER_FAILED' })
  code!: string;

  @ApiProperty({ description: 'D6: the plain-language message of the code.' })
  message!: string;

  @ApiProperty({ example: '/troubleshooting/AUTODISCOVER_FAILED' })
  troubleshootingUrl!: string;

  @ApiProperty()
  count!: number;
}

export class AlertCountDto {
  @ApiProperty({ enum: READINESS_ALERT_CODES })
  code!: string;

  @ApiProperty()
  count!: number;
}

export class SwitchProgressDto {
  @ApiProperty({ description: 'Devices switched to the new profile.' })
  done!: number;

  @ApiProperty({ description: 'Devices whose switch is running now.' })
  inProgress!: number;

  @ApiProperty({ description: 'D11: devices waiting for a transfer slot.' })
  queued!: number;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description:
      'When the last online device is expected to have switched. Estimated from the remaining online ' +
      "devices' reported localDataBytes through the migration's bandwidthMbps (the transfers share the " +
      'link); without those, from the switches completed in the last 30 minutes; null before C + 10 min, ' +
      'when nothing is left, or when neither is known.',
  })
  etaAt!: string | null;
}

export class MigrationSummaryDto implements MigrationSummary {
  @ApiProperty({ format: 'date-time', description: 'When these counts were taken.' })
  asOf!: string;

  @ApiProperty({ description: 'Devices enrolled in the migration.' })
  devices!: number;

  @ApiProperty({ description: 'D7: switched to the new profile.' })
  completed!: number;

  @ApiProperty({ description: 'D12: enrolled but never polled.' })
  neverSeen!: number;

  @ApiProperty({ description: 'D2: polled once, not within 3 poll intervals now.' })
  offline!: number;

  @ApiProperty({ description: 'D4/D10: failed with no automatic retry left and no retry requested.' })
  manualRetryRequired!: number;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    description: `Devices per status (${DEVICE_STATUSES.join(', ')}).`,
  })
  byStatus!: Record<string, number>;

  @ApiProperty({ type: [FailureCountDto], description: 'Failed devices by error code, most first.' })
  failuresByCode!: FailureCountDto[];

  @ApiProperty({ type: [AlertCountDto], description: 'Open readiness alerts by code (D1, D3, D13).' })
  alertsByCode!: AlertCountDto[];

  @ApiProperty({ type: SwitchProgressDto })
  switch!: SwitchProgressDto;
}
