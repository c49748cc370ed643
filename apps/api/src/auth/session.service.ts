import { DomainError } from '@cutover/domain';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { AuthRepository } from './auth.repository';
import { PartnerScope } from './partner-scope';
import { hashSessionToken, newSessionToken } from './session-token';

/** A session extends its expiry at most this often, so a busy dashboard does not write on every request. */
export const SESSION_SLIDE_INTERVAL_MS = 60_000;

export interface IssuedSession {
  token: string;
  maxAgeSeconds: number;
}

export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

/** Server-side sessions in user_session with a sliding expiry of SESSION_TTL_HOURS. */
@Injectable()
export class SessionService {
  constructor(
    private readonly repository: AuthRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private get ttlMs(): number {
    return this.config.sessionTtlHours * 3_600_000;
  }

  async start(
    manager: EntityManager,
    user: { userId: string; partnerId: string },
    client: ClientInfo,
  ): Promise<IssuedSession> {
    const now = this.clock.now();
    const token = newSessionToken();
    await this.repository.deleteExpiredSessions(manager, user.userId, now);
    await this.repository.createSession(manager, {
      tokenHash: hashSessionToken(token),
      userId: user.userId,
      partnerId: user.partnerId,
      at: now,
      expiresAt: new Date(now.getTime() + this.ttlMs),
      userAgent: client.userAgent,
      ip: client.ip,
    });
    return { token, maxAgeSeconds: this.ttlMs / 1000 };
  }

  /** The scope of a live session; `renewed` is set when the expiry slid and the cookie should be re-sent. */
  async authenticate(token: string | null): Promise<{ scope: PartnerScope; renewed: IssuedSession | null }> {
    if (!token) throw new DomainError('UNAUTHENTICATED');
    const now = this.clock.now();
    const session = await this.repository.findLiveSession(hashSessionToken(token), now);
    if (!session) throw new DomainError('UNAUTHENTICATED');
    const scope = PartnerScope.ofSession({
      partnerId: session.partnerId,
      userId: session.userId,
      sessionId: session.id,
    });
    if (now.getTime() - new Date(session.lastSeenAt).getTime() < SESSION_SLIDE_INTERVAL_MS)
      return { scope, renewed: null };
    await this.repository.extendSession(session.id, now, new Date(now.getTime() + this.ttlMs));
    return { scope, renewed: { token, maxAgeSeconds: this.ttlMs / 1000 } };
  }

  async end(token: string | null): Promise<void> {
    if (token) await this.repository.deleteSession(hashSessionToken(token));
  }
}
