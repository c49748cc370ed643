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
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsUUID } from 'class-validator';
import { NestedObject } from '../../common/dto/nested-object';
import { OneOf } from '../../common/dto/optional';
import { DeviceFilterDto } from './device-filter.dto';

/**
 * By `deviceIds` or by `filter`, exactly one: "select all N matching" sends the list's filter. A bulk action
 * always names its set: null, an empty list, both or neither is a 400, never "every device".
 */
export class BulkActionDto {
  @ApiProperty({ enum: BULK_ACTIONS })
  @IsIn(BULK_ACTIONS)
  action!: BulkAction;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    maxItems: MAX_BULK_DEVICE_IDS,
    minItems: 1,
    description: 'The selected devices (or send filter).',
  })
  @OneOf('filter')
  @IsArray()
  @ArrayMinSize(1, { message: 'deviceIds must name at least one device (or send a filter)' })
  @ArrayMaxSize(MAX_BULK_DEVICE_IDS, {
    message: `at most ${MAX_BULK_DEVICE_IDS} device ids per request; select by filter instead`,
  })
  @IsUUID('all', { each: true, message: 'each device id must be a UUID' })
  deviceIds?: string[];

  @ApiPropertyOptional({
    type: DeviceFilterDto,
    description: 'Every device of the migration matching this filter (or send deviceIds).',
  })
  @OneOf('deviceIds')
  @NestedObject(() => DeviceFilterDto)
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
