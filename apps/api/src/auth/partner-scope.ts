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
    readonly userId: string,
    readonly sessionId: string,
  ) {}

  /** @internal for the session guard (and tests that call services directly). */
  static ofSession(session: { partnerId: string; userId: string; sessionId: string }): PartnerScope {
    return new PartnerScope(session.partnerId, session.userId, session.sessionId);
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
