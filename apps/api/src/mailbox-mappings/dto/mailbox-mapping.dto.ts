import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { Optional } from '../../common/dto/optional';
import { MAX_MAPPING_ROWS } from '../mailbox-mapping-rows';

export const MAPPING_PAGE_LIMIT_DEFAULT = 50;
export const MAPPING_PAGE_LIMIT_MAX = 500;

export class MailboxMappingItemDto {
  @ApiProperty({
    description:
      'The user as the PC knows them: an email address or DOMAIN\\user (matched case-insensitively).',
    example: 'CONTOSO\\alice',
  })
  identity!: string;

  @ApiProperty({
    description: 'The Office 365 address CREATE_PROFILE carries for that user.',
    example: 'alice@contoso.onmicrosoft.com',
  })
  mailbox!: string;
}

/** The JSON form of an import (the CSV form: header `identity,mailbox`, one mapping per line). Documentation only: rows are checked as a whole (mailbox-mapping-rows.ts). */
export class ImportMailboxMappingsDto {
  @ApiProperty({ type: [MailboxMappingItemDto], maxItems: MAX_MAPPING_ROWS })
  items!: MailboxMappingItemDto[];
}

export class MappingRejectionDto {
  @ApiProperty({
    description: 'Line in the CSV file (the header is line 1), or position in `items` (from 1).',
  })
  line!: number;

  @ApiProperty({ example: 'mailbox must be an email address (the Office 365 address)' })
  reason!: string;
}

export class MailboxMappingImportResultDto {
  @ApiProperty({ description: 'Mappings the migration now has (0 when rejected).' })
  imported!: number;

  @ApiProperty({
    description: 'Devices of the migration whose user one of the mappings names (0 when rejected).',
  })
  matchedDevices!: number;

  @ApiProperty({
    type: [MappingRejectionDto],
    description:
      'Lines that could not be imported, in line order (the first 1000); any one rejects the whole import.',
  })
  rejected!: MappingRejectionDto[];
}

export class MailboxMappingDto extends MailboxMappingItemDto {
  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: 'Devices of the migration that take their mailbox from this mapping.',
  })
  deviceIds!: string[];
}

export class MailboxMappingPageDto {
  @ApiProperty({ type: [MailboxMappingDto] })
  items!: MailboxMappingDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as cursor for the next page; null on the last.',
  })
  nextCursor!: string | null;

  @ApiProperty({ description: 'Mappings of the migration.' })
  total!: number;
}

export class ListMailboxMappingsQueryDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAPPING_PAGE_LIMIT_MAX,
    default: MAPPING_PAGE_LIMIT_DEFAULT,
  })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAPPING_PAGE_LIMIT_MAX)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page.' })
  @Optional()
  @IsString()
  @MaxLength(2000)
  cursor?: string;
}
