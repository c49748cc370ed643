import {
  DEVICE_PAGE_LIMIT_DEFAULT,
  DEVICE_PAGE_LIMIT_MAX,
  DEVICE_SORT_DEFAULT,
  DEVICE_SORTS,
  DEVICE_STATUSES,
  type DeviceFilter,
  type DeviceSort,
  type DeviceStatus,
  type ListDevicesQuery,
  READINESS_ALERT_CODES,
} from '@cutover/domain';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { Optional } from '../../common/dto/optional';

/** `status=a,b` or `status=a&status=b` on the wire (a JSON array or string in a body) → ['a', 'b']; empty → no filter. */
const toStatusList = ({ value }: { value: unknown }) => {
  if (value === null || value === undefined) return value; // null is refused as such (Optional)
  const parts = (Array.isArray(value) ? value : [value])
    .flatMap((s) => (typeof s === 'string' ? s.split(',') : [s]))
    .map((s) => (typeof s === 'string' ? s.trim() : s))
    .filter((s) => s !== '');
  return parts.length > 0 ? parts : undefined;
};
const toTrimmedOrUndefined = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
};
/** `hasError=true|false` on the wire, a boolean in a body. */
const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

/** One filter for the list, the count, the CSV export and "select all matching" (STYLE 11). */
export class DeviceFilterDto implements DeviceFilter {
  @ApiPropertyOptional({
    description: 'Keep devices in any of these statuses (comma-separated in a query string).',
    type: [String],
    enum: DEVICE_STATUSES,
    example: ['profile_failed', 'switch_failed'],
  })
  @Optional()
  @Transform(toStatusList)
  @IsArray()
  @ArrayMaxSize(DEVICE_STATUSES.length * 4, { message: 'status lists too many values' })
  @IsIn(DEVICE_STATUSES, {
    each: true,
    message: `status must be one or more of ${DEVICE_STATUSES.join(', ')}`,
  })
  status?: DeviceStatus[];

  @ApiPropertyOptional({
    description: 'Prefix of hostname, Windows user (with or without DOMAIN\\) or email; case-insensitive.',
    maxLength: 200,
  })
  @Optional()
  @Transform(toTrimmedOrUndefined)
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ description: 'true: only devices with an error; false: only devices without one.' })
  @Optional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'hasError must be true or false' })
  hasError?: boolean;

  @ApiPropertyOptional({
    description: 'Devices whose current error is one of these codes (comma-separated in a query string).',
    type: [String],
    example: ['AUTODISCOVER_FAILED'],
  })
  @Optional()
  @Transform(toStatusList)
  @IsArray()
  @ArrayMaxSize(50, { message: 'errorCode lists too many values' })
  @IsString({ each: true })
  @Matches(/^[A-Z][A-Z0-9_]{1,63}$/, {
    each: true,
    message: 'errorCode must be error codes like AUTODISCOVER_FAILED',
  })
  errorCode?: string[];

  @ApiPropertyOptional({
    description: 'Devices with this readiness alert open.',
    enum: READINESS_ALERT_CODES,
  })
  @Optional()
  @Transform(toTrimmedOrUndefined)
  @IsIn(READINESS_ALERT_CODES, { message: `alert must be one of ${READINESS_ALERT_CODES.join(', ')}` })
  alert?: string;

  @ApiPropertyOptional({
    description: 'D2: true: online now (a part polled within 3 poll intervals); false: not.',
  })
  @Optional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'online must be true or false' })
  online?: boolean;
}

export class ListDevicesQueryDto extends DeviceFilterDto implements ListDevicesQuery {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: DEVICE_PAGE_LIMIT_MAX,
    default: DEVICE_PAGE_LIMIT_DEFAULT,
  })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(DEVICE_PAGE_LIMIT_MAX)
  limit?: number;

  @ApiPropertyOptional({
    description:
      'Order of the list, each then by hostname (case-insensitive) and id: `hostname`, `-hostname` (Z to A), ' +
      '`status` (by status code), `lastSeenAt` (oldest check-in first, never-seen devices first), `-lastSeenAt` ' +
      '(most recent first, never-seen devices last). A `-` order is the exact reverse of the other. ' +
      'nextCursor continues only the sort it was returned for; with another sort it is a 400 on `cursor`.',
    enum: DEVICE_SORTS,
    default: DEVICE_SORT_DEFAULT,
  })
  @Optional()
  @Transform(toTrimmedOrUndefined)
  @IsIn(DEVICE_SORTS, { message: `sort must be one of ${DEVICE_SORTS.join(', ')}` })
  sort?: DeviceSort;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page, with the same sort.' })
  @Optional()
  @IsString()
  @MaxLength(1000)
  cursor?: string;
}
