import type { UpdateMigrationRequest } from '@cutover/domain';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsISO8601, Matches, IsString, Length, Max, Min } from 'class-validator';
import { Optional } from '../../common/dto/optional';
import { BandwidthMbps, CUTOVER_AT_MESSAGE, INSTANT, trim } from './create-migration.dto';

/** Each field left out is unchanged; only maxConcurrentTransfers takes null (no cap). */
export class UpdateMigrationDto implements UpdateMigrationRequest {
  @ApiPropertyOptional({ minLength: 1, maxLength: 200 })
  @Optional()
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  customerName?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'D4: a new cutover recomputes scheduled retries.',
  })
  @Optional()
  @IsISO8601({ strict: true, strictSeparator: true }, { message: CUTOVER_AT_MESSAGE })
  @Matches(INSTANT, { message: CUTOVER_AT_MESSAGE })
  cutoverAt?: string;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: 1,
    maximum: 100_000,
    description: 'D11: null removes the cap.',
  })
  @Optional({ nullable: true })
  @IsInt()
  @Min(1)
  @Max(100_000)
  maxConcurrentTransfers?: number | null;

  @ApiPropertyOptional({ minimum: 5, maximum: 3600, description: 'D2: how often agents poll (seconds).' })
  @Optional()
  @IsInt()
  @Min(5)
  @Max(3600)
  pollIntervalSeconds?: number;

  @BandwidthMbps()
  bandwidthMbps?: number | null;
}
