import { hash, randomBytes } from 'node:crypto';

const PREFIX = 'cdt_';

/** A new device token: 256 random bits, URL-safe; recognisable by its prefix in logs and secret scanners. */
export function newDeviceToken(): string {
  return PREFIX + randomBytes(32).toString('base64url');
}

/** Only this hash is stored (device.token_hash): a database leak does not let anyone act as a device. */
export function hashDeviceToken(token: string): string {
  return hash('sha256', token, 'hex');
}

const BEARER = /^Bearer[ \t]+([\x21-\x7e]{1,512})[ \t]*$/i;

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(header: string | string[] | undefined): string | null {
  if (typeof header !== 'string') return null;
  return BEARER.exec(header)?.[1] ?? null;
}
