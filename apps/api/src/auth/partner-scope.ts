import { DomainError } from '@cutover/domain';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

const SCOPE = Symbol('cutover:partnerScope');

/**
 * The tenancy boundary: who is calling and for which partner. Only the session guard creates one, and
 * every partner repository method takes one, so a query that forgets its partner does not compile.
 */
export class PartnerScope {
  private constructor(
    readonly partnerId: string,
    /** The signed-in user, or the user who created the API token. */
    readonly userId: string,
    /** The dashboard session; null for an API token. */
    readonly sessionId: string | null,
    /** The API token (`Authorization: Bearer`); null for a dashboard session. */
    readonly tokenId: string | null,
  ) {}

  /** @internal for the session guard (and tests that call services directly). */
  static ofSession(session: { partnerId: string; userId: string; sessionId: string }): PartnerScope {
    return new PartnerScope(session.partnerId, session.userId, session.sessionId, null);
  }

  /**
   * @internal for reads the service makes for a partner on its own (D18: the summary sent at C + 12 h).
   * It acts for nobody: never pass it where an actor is recorded.
   */
  static ofService(partnerId: string): PartnerScope {
    return new PartnerScope(partnerId, '', null, null);
  }

  /** @internal for the session guard: a partner script's API token, same tenancy as its creator's session. */
  static ofToken(token: { partnerId: string; userId: string; tokenId: string }): PartnerScope {
    return new PartnerScope(token.partnerId, token.userId, null, token.tokenId);
  }
}

export function attachScope(request: FastifyRequest, scope: PartnerScope): void {
  (request as unknown as Record<symbol, PartnerScope>)[SCOPE] = scope;
}

export function scopeOf(request: FastifyRequest): PartnerScope | null {
  return (request as unknown as Record<symbol, PartnerScope | undefined>)[SCOPE] ?? null;
}

/** The caller's partner scope; a route that is @Public() by mistake answers 401 rather than leaking data. */
export const Scope = createParamDecorator((_data: unknown, ctx: ExecutionContext): PartnerScope => {
  const scope = scopeOf(ctx.switchToHttp().getRequest<FastifyRequest>());
  if (!scope) throw new DomainError('UNAUTHENTICATED');
  return scope;
});
