import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiTokensController } from './api-tokens.controller';
import { ApiTokensRepository } from './api-tokens.repository';
import { ApiTokensService } from './api-tokens.service';
import { AuthController } from './auth.controller';
import { AuthRepository } from './auth.repository';
import { AuthService } from './auth.service';
import { LoginThrottleRepository } from './login-throttle.repository';
import { LoginThrottle } from './login-throttle.service';
import { SessionCookies } from './session-cookies';
import { SessionGuard } from './session.guard';
import { SessionService } from './session.service';
import { TenancyRepository } from './tenancy.repository';
import { Tenancy } from './tenancy.service';

/** Partner sign-up, sign-in, sessions, API tokens and the tenant guard. */
@Module({
  imports: [],
  controllers: [AuthController, ApiTokensController],
  providers: [
    AuthRepository,
    ApiTokensRepository,
    ApiTokensService,
    AuthService,
    SessionService,
    SessionCookies,
    LoginThrottleRepository,
    LoginThrottle,
    TenancyRepository,
    Tenancy,
    { provide: APP_GUARD, useClass: SessionGuard },
  ],
  exports: [Tenancy],
})
export class AuthModule {}
