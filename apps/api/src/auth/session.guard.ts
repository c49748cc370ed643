import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '@cutover/domain';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { ApiTokensService, INVALID_TOKEN_MESSAGE } from './api-tokens.service';
import { assertNotCrossSiteForm } from './csrf';
import { attachScope } from './partner-scope';
import { routeKind } from './route-kind';
import { readSessionCookie } from './session-cookie';
import { SessionCookies } from './session-cookies';
import { SessionService } from './session.service';

/** The token of `Authorization: Bearer <token>`; null without an Authorization header; 401 for another scheme. */
export function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (header === undefined) return null;
  const match = /^Bearer +(\S+) *$/i.exec(header);
  if (!match) throw new DomainError('UNAUTHENTICATED', INVALID_TOKEN_MESSAGE);
  return match[1];
}

/**
 * The global guard (APP_GUARD): every route is a partner route that needs a live session (or an API token: `Authorization: Bearer`) unless it is
 * marked @AgentRoute() (the agent guard checks device tokens) or @Public(). It attaches the caller's
 * PartnerScope, the only way a partner repository can be queried.
 */
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionService,
    private readonly tokens: ApiTokensService,
    private readonly cookies: SessionCookies,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const kind = routeKind(this.reflector, context.getHandler(), context.getClass());
    if (kind === 'agent') return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (kind === 'public') {
      // agents authenticate with keys and tokens, not cookies: no CSRF surface there
      if (!request.url.startsWith('/api/agent/')) assertNotCrossSiteForm(request, this.config.publicUrl);
      return true;
    }
    const bearer = bearerToken(request);
    if (bearer !== null) {
      // a partner script: no cookie, so no CSRF surface; the same scope and tenancy as a session
      attachScope(request, await this.tokens.authenticate(bearer));
      return true;
    }
    const { scope, renewed } = await this.sessions.authenticate(readSessionCookie(request));
    assertNotCrossSiteForm(request, this.config.publicUrl);
    attachScope(request, scope);
    if (renewed) this.cookies.set(context.switchToHttp().getResponse<FastifyReply>(), renewed);
    return true;
  }
}
