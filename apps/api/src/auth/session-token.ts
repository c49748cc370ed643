import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, URL-safe: the only copy lives in the browser's cookie. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The database keeps only this, so a leaked table or backup cannot be replayed as a cookie. */
export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
