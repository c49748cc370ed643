import { API_ERROR_CODES, type ApiErrorCode, type ErrorBody } from '@cutover/domain';
import { ApiProperty } from '@nestjs/swagger';

export class ErrorDetailDto {
  @ApiProperty({ enum: API_ERROR_CODES, example: 'VALIDATION_FAILED' })
  code!: ApiErrorCode;

  @ApiProperty({ description: 'Plain language, says what to do next.' })
  message!: string;

  @ApiProperty({
    description:
      'Machine-readable detail: the invalid fields for VALIDATION_FAILED, `{ retryAfterSeconds }` for RATE_LIMITED, else null.',
    anyOf: [
      { type: 'array', items: { type: 'object', additionalProperties: true } },
      { type: 'object', additionalProperties: true, nullable: true },
    ],
  })
  details!: unknown;
}

/** The error body of both APIs: `{ "error": { "code", "message", "details" } }`. */
export class ErrorBodyDto implements ErrorBody {
  @ApiProperty({ type: ErrorDetailDto })
  error!: ErrorDetailDto;
}
