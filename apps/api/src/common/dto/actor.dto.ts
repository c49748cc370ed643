import { ApiProperty } from '@nestjs/swagger';

/** The partner user behind a timeline event or an audit entry. */
export class ActorDto {
  @ApiProperty({ format: 'uuid' })
  userId!: string;

  @ApiProperty({ format: 'email' })
  email!: string;
}

/** An API token named in the audit log. */
export class ActorTokenDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  name!: string;
}

/** The actor of an audit entry: the user, and the API token when a partner script acted. */
export class ActivityActorDto extends ActorDto {
  @ApiProperty({
    type: ActorTokenDto,
    nullable: true,
    description:
      "The API token a partner script used (the user is the token's creator); null for the dashboard.",
  })
  token!: ActorTokenDto | null;
}
