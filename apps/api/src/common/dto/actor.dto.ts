import { ApiProperty } from '@nestjs/swagger';

/** The partner user behind a timeline event or an audit entry. */
export class ActorDto {
  @ApiProperty({ format: 'uuid' })
  userId!: string;

  @ApiProperty({ format: 'email' })
  email!: string;
}
