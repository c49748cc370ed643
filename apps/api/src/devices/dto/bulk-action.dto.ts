import {
  BULK_ACTIONS,
  BULK_SKIP_REASONS,
  type BulkAction,
  type BulkActionResponse,
  type BulkPreviewResponse,
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
  @ApiProperty({
    description:
      'Devices that got the action (D5: a CREATE_PROFILE, D14: a SWITCH_PROFILE, on their next eligible poll).',
  })
  affected!: number;

  @ApiProperty({ type: [BulkSkipDto], description: 'Devices left out, and why.' })
  skipped!: BulkSkipDto[];

  @ApiProperty({
    description:
      'The audit-log entry that records the action (GET /api/migrations/{id}/activity/{activityId}).',
  })
  activityId!: string;
}

export class BulkPreviewSampleDto {
  @ApiProperty({ format: 'uuid' })
  deviceId!: string;

  @ApiProperty({ type: String, nullable: true, description: 'null for an id not found in this migration.' })
  hostname!: string | null;
}

export class BulkPreviewSkipDto {
  @ApiProperty({ enum: BULK_SKIP_REASONS })
  reason!: BulkSkipReason;

  @ApiProperty()
  count!: number;

  @ApiProperty({ type: [BulkPreviewSampleDto], description: 'At most 10 devices, by hostname.' })
  sample!: BulkPreviewSampleDto[];
}

export class BulkPickupDto {
  @ApiProperty({ description: 'D17: holding a long poll: they take it now.' })
  now!: number;

  @ApiProperty({ description: 'D17: online (D2): expected at their last check-in plus the poll interval.' })
  withinPollInterval!: number;

  @ApiProperty({ description: 'D17: offline: when they come online.' })
  whenOnline!: number;
}

export class BulkPreviewResponseDto implements BulkPreviewResponse {
  @ApiProperty({ enum: BULK_ACTIONS })
  action!: BulkAction;

  @ApiProperty({ description: 'Devices the action would affect now.' })
  eligible!: number;

  @ApiProperty({ type: [BulkPreviewSkipDto], description: 'Devices it would skip, by reason (D16).' })
  skipped!: BulkPreviewSkipDto[];

  @ApiProperty({
    type: BulkPickupDto,
    description: 'When the eligible devices are expected to take it (D17).',
  })
  pickup!: BulkPickupDto;
}
