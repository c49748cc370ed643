import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import type { IssuedSession } from './session.service';
import { clearSessionCookie, setSessionCookie } from './session-cookie';

/** Writes the session cookie with the deployment's Secure setting. */
@Injectable()
export class SessionCookies {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  set(reply: FastifyReply, session: IssuedSession): void {
    setSessionCookie(reply, session.token, session.maxAgeSeconds, { secure: this.config.cookieSecure });
  }

  /** Sets the cookie of a freshly started session and returns the reply body. */
  issue<T>(reply: FastifyReply, result: { body: T; session: IssuedSession }): T {
    this.set(reply, result.session);
    return result.body;
  }

  clear(reply: FastifyReply): void {
    clearSessionCookie(reply, { secure: this.config.cookieSecure });
  }
}
