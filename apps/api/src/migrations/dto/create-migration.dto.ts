import {
  type CreateMigrationRequest,
  MIGRATION_TYPES,
  type MigrationType,
  POP3_DEFAULT_MAX_CONCURRENT_TRANSFERS,
} from '@cutover/domain';
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, Matches, IsString, Length, Max, Min, IsNumber } from 'class-validator';
import { Optional } from '../../common/dto/optional';

/** `bandwidthMbps`, the same on create and update: the customer's link, optional, null = unknown. */
export function BandwidthMbps(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      type: Number,
      nullable: true,
      minimum: 0.1,
      maximum: 1_000_000,
      description: "The customer's link in Mbit/s, for transfer estimates (D12 summary ETA); null = unknown.",
    }),
    Optional({ nullable: true }),
    IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 3 }),
    Min(0.1),
    Max(1_000_000),
  );
}

/** An instant: date, time and a zone (Z or ±hh:mm); a zone-less time would be ambiguous. */
export const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;
export const CUTOVER_AT_MESSAGE =
  'cutoverAt must be an ISO 8601 date-time with a time zone, such as 2026-11-28T22:00:00Z';

export const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateMigrationDto implements CreateMigrationRequest {
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Contoso Ltd' })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  customerName!: string;

  @ApiProperty({
    format: 'date-time',
    description: 'Any ISO 8601 instant with a time zone, past ones included.',
    example: '2026-11-28T22:00:00Z',
  })
  @IsISO8601({ strict: true, strictSeparator: true }, { message: CUTOVER_AT_MESSAGE })
  @Matches(INSTANT, { message: CUTOVER_AT_MESSAGE })
  cutoverAt!: string;

  @ApiProperty({ enum: MIGRATION_TYPES })
  @IsIn(MIGRATION_TYPES)
  migrationType!: MigrationType;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: 1,
    maximum: 100_000,
    description: `D11: at most this many SWITCH_PROFILE transfers at once; null = no cap. Omitted: ${POP3_DEFAULT_MAX_CONCURRENT_TRANSFERS} for pop3, no cap for the others.`,
  })
  @Optional({ nullable: true })
  @IsInt()
  @Min(1)
  @Max(100_000)
  maxConcurrentTransfers?: number | null;

  @ApiPropertyOptional({
    minimum: 5,
    maximum: 3600,
    description: 'D2: how often agents poll (seconds). Default: the service setting (120).',
  })
  @Optional()
  @IsInt()
  @Min(5)
  @Max(3600)
  pollIntervalSeconds?: number;

  @BandwidthMbps()
  bandwidthMbps?: number | null;
}
