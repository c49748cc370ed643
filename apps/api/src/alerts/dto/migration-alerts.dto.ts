import {
  type AlertCode,
  type ListMigrationAlertsResponse,
  type MigrationAlert,
  READINESS_ALERT_CODES,
} from '@cutover/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsArray, IsIn, IsInt, Max, Min } from 'class-validator';
import { Optional } from '../../common/dto/optional';

export const ALERTS_LIMIT_DEFAULT = 1000;
export const ALERTS_LIMIT_MAX = 10_000;

export class ListAlertsQueryDto {
  @ApiPropertyOptional({
    description: 'Only these codes (comma-separated).',
    type: [String],
    enum: READINESS_ALERT_CODES,
  })
  @Optional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== '')
      : value,
  )
  @IsArray()
  @IsIn(READINESS_ALERT_CODES, { each: true })
  code?: AlertCode[];

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: ALERTS_LIMIT_MAX,
    default: ALERTS_LIMIT_DEFAULT,
  })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(ALERTS_LIMIT_MAX)
  limit?: number;
}

export class MigrationAlertDto implements MigrationAlert {
  @ApiProperty({ format: 'uuid' })
  deviceId!: string;

  @ApiProperty()
  hostname!: string;

  @ApiProperty({ enum: READINESS_ALERT_CODES })
  code!: AlertCode;

  @ApiProperty()
  message!: string;

  @ApiProperty({ description: 'What to do about it.' })
  action!: string;

  @ApiProperty({ example: '/troubleshooting/OUTLOOK_OUTDATED' })
  troubleshootingUrl!: string;

  @ApiProperty({ format: 'date-time' })
  raisedAt!: string;
}

export class AlertCountsDto implements Record<AlertCode, number> {
  @ApiProperty() OUTLOOK_OUTDATED!: number;
  @ApiProperty() OUTLOOK_UNSUPPORTED!: number;
  @ApiProperty() SERVICE_UNREACHABLE!: number;
  @ApiProperty({ description: 'D13' }) DISK_SPACE_LOW!: number;
  @ApiProperty({ description: 'D13' }) MAILBOX_UNKNOWN!: number;
}

export class MigrationAlertsDto implements ListMigrationAlertsResponse {
  @ApiProperty({ type: [MigrationAlertDto], description: 'Open alerts, newest first (at most `limit`).' })
  items!: MigrationAlertDto[];

  @ApiProperty({ description: 'All open alerts matching `code` (items may be fewer, see limit).' })
  total!: number;

  @ApiProperty({ type: AlertCountsDto, description: 'Open alerts per code (every code present).' })
  counts!: AlertCountsDto;
}
