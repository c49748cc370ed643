import type { ActivityEntry } from '@cutover/domain';
import { ApiProperty } from '@nestjs/swagger';
import { ActivityActorDto } from '../../common/dto/actor.dto';

export class ActivityEntryDto implements ActivityEntry {
  @ApiProperty({ example: '42' })
  id!: string;

  @ApiProperty({ format: 'date-time' })
  at!: string;

  @ApiProperty({
    type: ActivityActorDto,
    nullable: true,
    description: 'Who did it; null for the service itself.',
  })
  actor!: ActivityActorDto | null;

  @ApiProperty({
    example: 'devices.retry_profile_creation',
    description:
      'migration.created, migration.updated, enrollment_key.rotated, devices.retry_profile_creation',
  })
  action!: string;

  @ApiProperty({ type: String, nullable: true, description: 'One line of text for the log.' })
  detail!: string | null;

  @ApiProperty({
    description: 'The structured detail the text was made from.',
    type: 'object',
    additionalProperties: true,
  })
  data!: Record<string, unknown>;

  @ApiProperty({ description: 'How many devices the action touched.' })
  deviceCount!: number;

  @ApiProperty({
    type: [String],
    format: 'uuid',
    description:
      'The devices the action touched; in a listed entry at most the first 100 (GET the entry for all).',
  })
  deviceIds!: string[];
}

export class ActivityPageDto {
  @ApiProperty({ type: [ActivityEntryDto] })
  items!: ActivityEntryDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for older entries; null on the last page.',
  })
  nextCursor!: string | null;
}
