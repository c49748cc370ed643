import {
  BULK_ACTIONS,
  BULK_SKIP_REASONS,
  type BulkAction,
  type BulkActionResponse,
  type BulkSkip,
  type BulkSkipReason,
  MAX_BULK_DEVICE_IDS,
} from '@cutover/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  IsUUID,
  ValidateNested,
} from 'class-validator';
import { DeviceFilterDto } from './device-filter.dto';

/** By `deviceIds` or by `filter` (exactly one): "select all N matching" sends the list's filter. */
export class BulkActionDto {
  @ApiProperty({ enum: BULK_ACTIONS })
  @IsIn(BULK_ACTIONS)
  action!: BulkAction;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    maxItems: MAX_BULK_DEVICE_IDS,
    description: 'The selected devices (or send filter).',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BULK_DEVICE_IDS, {
    message: `at most ${MAX_BULK_DEVICE_IDS} device ids per request; select by filter instead`,
  })
  @IsUUID('all', { each: true, message: 'each device id must be a UUID' })
  deviceIds?: string[];

  @ApiPropertyOptional({
    type: DeviceFilterDto,
    description: 'Every device of the migration matching this filter (or send deviceIds).',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => DeviceFilterDto)
  filter?: DeviceFilterDto;
}

export class BulkSkipDto implements BulkSkip {
  @ApiProperty({ description: 'The device id as sent.' })
  deviceId!: string;

  @ApiProperty({ enum: BULK_SKIP_REASONS })
  reason!: BulkSkipReason;
}

export class BulkActionResponseDto implements BulkActionResponse {
  @ApiProperty({ description: 'Devices that got the action (D5: a CREATE_PROFILE on their next poll).' })
  affected!: number;

  @ApiProperty({ type: [BulkSkipDto], description: 'Devices left out, and why.' })
  skipped!: BulkSkipDto[];

  @ApiProperty({
    description:
      'The audit-log entry that records the action (GET /api/migrations/{id}/activity/{activityId}).',
  })
  activityId!: string;
}
