import { DomainError } from '@cutover/domain';
import type { FastifyRequest } from 'fastify';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF defence in depth on top of SameSite=Lax: a state-changing request must be JSON or carry
 * X-Requested-With. A cross-site HTML form can send neither, and fetch() can send them cross-site
 * only after a CORS preflight, which this service never grants.
 */
export function assertNotCrossSiteForm(request: FastifyRequest): void {
  if (SAFE_METHODS.has(request.method)) return;
  const contentType = String(request.headers['content-type'] ?? '')
    .split(';')[0]
    .trim()
    .toLowerCase();
  if (contentType === 'application/json') return;
  if (request.headers['x-requested-with'] !== undefined) return;
  throw new DomainError(
    'CSRF_REJECTED',
    'State-changing requests must be sent with content-type: application/json (or an X-Requested-With header). Reload the dashboard and try again.',
  );
}
