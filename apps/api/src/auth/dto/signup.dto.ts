import { MIN_PASSWORD_LENGTH, type SignupRequest } from '@cutover/domain';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, Length, MaxLength, MinLength } from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const normaliseEmail = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;

export class SignupDto implements SignupRequest {
  @ApiProperty({
    description: 'The partner (managed service provider) company name.',
    minLength: 1,
    maxLength: 200,
    example: 'Northwind IT',
  })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  partnerName!: string;

  @ApiProperty({ format: 'email', maxLength: 254, example: 'ops@northwind-it.example' })
  @Transform(normaliseEmail)
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ minLength: MIN_PASSWORD_LENGTH, maxLength: 1024, format: 'password' })
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH, {
    message: `password must be at least ${MIN_PASSWORD_LENGTH} characters long`,
  })
  @MaxLength(1024)
  password!: string;
}
