import { parseCookie, stringifySetCookie } from 'cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'cutover_session';

export interface CookieSettings {
  secure: boolean;
}

/** HttpOnly (no script reads it), SameSite=Lax (not sent on cross-site POSTs), Secure behind HTTPS. */
export function setSessionCookie(
  reply: FastifyReply,
  token: string,
  maxAgeSeconds: number,
  settings: CookieSettings,
): void {
  void reply.header(
    'set-cookie',
    stringifySetCookie({
      name: SESSION_COOKIE,
      value: token,
      httpOnly: true,
      sameSite: 'lax',
      secure: settings.secure,
      path: '/',
      maxAge: maxAgeSeconds,
    }),
  );
}

export function clearSessionCookie(reply: FastifyReply, settings: CookieSettings): void {
  void reply.header(
    'set-cookie',
    stringifySetCookie({
      name: SESSION_COOKIE,
      value: '',
      httpOnly: true,
      sameSite: 'lax',
      secure: settings.secure,
      path: '/',
      expires: new Date(0),
      maxAge: 0,
    }),
  );
}

export function readSessionCookie(request: FastifyRequest): string | null {
  const header = request.headers.cookie;
  if (typeof header !== 'string' || header === '') return null;
  const value = parseCookie(header)[SESSION_COOKIE];
  return typeof value === 'string' && value.length > 0 && value.length <= 200 ? value : null;
}
