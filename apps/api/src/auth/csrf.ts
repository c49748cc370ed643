import { DomainError } from '@cutover/domain';
import type { FastifyRequest } from 'fastify';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameHost(origin: string, request: FastifyRequest, publicUrl: string | null): boolean {
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false; // includes the opaque "null" origin of sandboxed frames and file pages
  }
  if (host === request.host) return true;
  return publicUrl !== null && host === new URL(publicUrl).host;
}

/**
 * CSRF defence on top of SameSite=Lax (which still lets a sibling subdomain, being same-site, send the
 * cookie). A state-changing request is accepted when it is JSON or carries X-Requested-With (a cross-
 * origin page can send neither without a CORS preflight, which this service never grants), or when the
 * browser's Origin header names this service (a body-less same-origin fetch, e.g. sign-out).
 */
export function assertNotCrossSiteForm(request: FastifyRequest, publicUrl: string | null): void {
  if (SAFE_METHODS.has(request.method)) return;
  const contentType = String(request.headers['content-type'] ?? '')
    .split(';')[0]
    .trim()
    .toLowerCase();
  if (contentType === 'application/json') return;
  if (request.headers['x-requested-with'] !== undefined) return;
  const origin = request.headers.origin;
  if (typeof origin === 'string' && sameHost(origin, request, publicUrl)) return;
  throw new DomainError(
    'CSRF_REJECTED',
    'State-changing requests must be sent with content-type: application/json (or an X-Requested-With header). Reload the dashboard and try again.',
  );
}
