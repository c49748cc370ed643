import {
  DEVICE_STATUSES,
  type DeviceStatus,
  type ListMigrationsResponse,
  type Migration,
  MIGRATION_TYPES,
  type MigrationType,
  type RotateEnrollmentKeyResponse,
} from '@cutover/domain';
import { ApiProperty } from '@nestjs/swagger';

export class DeviceCountsDto implements Record<DeviceStatus, number> {
  @ApiProperty() enrolled!: number;
  @ApiProperty() creating_profile!: number;
  @ApiProperty() profile_failed!: number;
  @ApiProperty() profile_ready!: number;
  @ApiProperty() waiting_for_device!: number;
  @ApiProperty() queued_for_bandwidth!: number;
  @ApiProperty() switching!: number;
  @ApiProperty() deferred!: number;
  @ApiProperty() switch_failed!: number;
  @ApiProperty() completed!: number;
}

export function zeroCounts(): DeviceCountsDto {
  return Object.fromEntries(DEVICE_STATUSES.map((s) => [s, 0])) as unknown as DeviceCountsDto;
}

export class MigrationDto implements Migration {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  customerName!: string;

  @ApiProperty({ format: 'date-time' })
  cutoverAt!: string;

  @ApiProperty({ enum: MIGRATION_TYPES })
  migrationType!: MigrationType;

  @ApiProperty({ type: Number, nullable: true, description: 'D11: null = no cap.' })
  maxConcurrentTransfers!: number | null;

  @ApiProperty({ description: 'What the installer enrolls agents with (URL-safe, 192 random bits).' })
  enrollmentKey!: string;

  @ApiProperty({
    type: DeviceCountsDto,
    description: 'Devices per status; every status is present (0 when none).',
  })
  deviceCounts!: DeviceCountsDto;

  @ApiProperty({ description: 'Total devices enrolled in the migration.' })
  totalDevices!: number;

  @ApiProperty({ description: 'Open readiness alerts (D1, D3, D13).' })
  openAlerts!: number;

  @ApiProperty({ description: 'D2: devices with a part that polled within 3 poll intervals (exact).' })
  onlineDevices!: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: "The customer's link in Mbit/s, for transfer estimates (D11, D12); null = unknown.",
  })
  bandwidthMbps!: number | null;

  @ApiProperty({ description: 'D2: the poll interval agents are told (seconds).' })
  pollIntervalSeconds!: number;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

export class MigrationListDto implements ListMigrationsResponse {
  @ApiProperty({ type: [MigrationDto] })
  items!: MigrationDto[];
}

export class RotateEnrollmentKeyResponseDto implements RotateEnrollmentKeyResponse {
  @ApiProperty({
    description: 'The new key; the old one stops enrolling at once (enrolled devices keep working).',
  })
  enrollmentKey!: string;
}
