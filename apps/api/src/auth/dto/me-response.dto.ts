import { type MeResponse } from '@cutover/domain';
import { ApiProperty } from '@nestjs/swagger';

export class MeUserDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'email' })
  email!: string;
}

export class MePartnerDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  name!: string;
}

export class MeResponseDto implements MeResponse {
  @ApiProperty({ type: MeUserDto })
  user!: MeUserDto;

  @ApiProperty({ type: MePartnerDto })
  partner!: MePartnerDto;
}
