import { Module } from '@nestjs/common';

/** Partner sign-up, sign-in, sessions and the tenant guard. */
@Module({
  imports: [],
  controllers: [],
  providers: [],
  exports: [],
})
export class AuthModule {}
