import { randomBytes } from 'node:crypto';

/** 192 random bits, base64url (URL-safe, no padding): 32 characters an installer command line can carry. */
export function newEnrollmentKey(): string {
  return randomBytes(24).toString('base64url');
}
