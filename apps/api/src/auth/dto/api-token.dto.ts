import type { ApiTokenCreated, ApiTokenCreateRequest, ApiTokenList, ApiTokenSummary } from '@cutover/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsString, Length, Max, Min } from 'class-validator';
import { Optional } from '../../common/dto/optional';

export const MAX_TOKEN_EXPIRY_DAYS = 3650;

export class CreateApiTokenDto implements ApiTokenCreateRequest {
  @ApiProperty({
    maxLength: 100,
    example: 'PSA sync',
    description: 'What the token is for (shown in the audit log).',
  })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_TOKEN_EXPIRY_DAYS,
    description:
      'The token stops working after this many days; leave it out for a token that does not expire.',
  })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(MAX_TOKEN_EXPIRY_DAYS)
  expiresInDays?: number;
}

export class ApiTokenSummaryDto implements ApiTokenSummary {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'null: never expires.' })
  expiresAt!: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Updated at most once a minute; null: never used.',
  })
  lastUsedAt!: string | null;
}

export class ApiTokenCreatedDto implements ApiTokenCreated {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({
    description: 'Shown this once (only its hash is stored): send it as `Authorization: Bearer <token>`.',
    example: 'cut_Q2h1Y2sgTm9ycmlzIGNvdW50ZWQgdG8gaW5maW5pdHkuIFR3aWNlLg',
  })
  token!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  expiresAt!: string | null;
}

export class ApiTokenListDto implements ApiTokenList {
  @ApiProperty({ type: [ApiTokenSummaryDto] })
  items!: ApiTokenSummaryDto[];
}
