import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../common/public.decorator';
import { ApiErrorResponses } from '../common/api-docs.decorators';
import { AuthService } from './auth.service';
import { LoginDto } from './dto/login.dto';
import { MeResponseDto } from './dto/me-response.dto';
import { SignupDto } from './dto/signup.dto';
import { PartnerScope, Scope } from './partner-scope';
import { readSessionCookie } from './session-cookie';
import { SessionCookies } from './session-cookies';
import type { ClientInfo } from './session.service';

function clientOf(request: FastifyRequest): ClientInfo {
  const userAgent = request.headers['user-agent'];
  return {
    ip: request.ip ?? null,
    userAgent: typeof userAgent === 'string' ? userAgent.slice(0, 500) : null,
  };
}

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly cookies: SessionCookies,
  ) {}

  @Public()
  @Post('signup')
  @HttpCode(201)
  @ApiOperation({ summary: 'Sign up a new partner and its first user, and sign in' })
  @ApiCreatedResponse({ type: MeResponseDto, description: 'Signed in: the session cookie is set.' })
  @ApiErrorResponses([400, 403, 409, 429], {
    403: 'Sign-up is turned off on this service (SIGNUP_DISABLED), or CSRF_REJECTED.',
    409: 'An account with this email already exists (EMAIL_TAKEN).',
  })
  async signup(
    @Body() body: SignupDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<MeResponseDto> {
    return this.cookies.issue(reply, await this.auth.signup(body, clientOf(request)));
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with email and password' })
  @ApiOkResponse({ type: MeResponseDto, description: 'Signed in: the session cookie is set.' })
  @ApiErrorResponses([400, 401, 403, 429], {
    401: 'Wrong email or password (INVALID_CREDENTIALS): the same reply whether the email exists or not.',
    429: 'Too many failed attempts for this account or address; wait Retry-After seconds.',
  })
  async login(
    @Body() body: LoginDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<MeResponseDto> {
    return this.cookies.issue(reply, await this.auth.login(body, clientOf(request)));
  }

  @Public()
  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'Sign out: end the session and clear its cookie' })
  @ApiNoContentResponse({ description: 'Signed out (also when there was no session).' })
  @ApiErrorResponses([403])
  async logout(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    return this.auth.logout(readSessionCookie(request)).then(() => this.cookies.clear(reply));
  }

  @Get('me')
  @ApiOperation({ summary: 'The signed-in user and their partner' })
  @ApiOkResponse({ type: MeResponseDto, description: 'The signed-in user and partner.' })
  @ApiErrorResponses([401])
  me(@Scope() scope: PartnerScope): Promise<MeResponseDto> {
    return this.auth.me(scope);
  }
}
