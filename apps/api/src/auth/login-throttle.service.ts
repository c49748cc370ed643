import { DomainError } from '@cutover/domain';
import { Injectable, Logger } from '@nestjs/common';
import { LoginThrottleRepository } from './login-throttle.repository';

export const THROTTLE_WINDOW_MS = 15 * 60_000;
/**
 * Failed sign-ins per account and client address per window: stops guessing one account's password
 * from one place, without letting that place lock the account for everybody else.
 */
export const LOGIN_FAILURES_PER_ACCOUNT = 5;
/** Failed sign-ins per client address per window: stops spraying one password over many accounts. */
export const LOGIN_FAILURES_PER_ADDRESS = 30;
/** Sign-ups per client address per window: each costs a password hash and creates a tenant. */
export const SIGNUPS_PER_ADDRESS = 10;

interface Limit {
  key: string;
  max: number;
}

/** Login and sign-up rate limits (429 with Retry-After), counted in PostgreSQL. */
@Injectable()
export class LoginThrottle {
  private readonly logger = new Logger(LoginThrottle.name);
  private counted = 0;

  constructor(private readonly repository: LoginThrottleRepository) {}

  loginLimits(email: string, ip: string | null): Limit[] {
    const limits = [
      { key: `login:account:${email}:from:${ip ?? 'unknown'}`, max: LOGIN_FAILURES_PER_ACCOUNT },
    ];
    if (ip) limits.push({ key: `login:ip:${ip}`, max: LOGIN_FAILURES_PER_ADDRESS });
    return limits;
  }

  signupLimits(ip: string | null): Limit[] {
    return ip ? [{ key: `signup:ip:${ip}`, max: SIGNUPS_PER_ADDRESS }] : [];
  }

  /** Throws RATE_LIMITED (429, Retry-After = seconds until the fullest window ends) when any limit is used up. */
  async assertAllowed(limits: Limit[], now: Date): Promise<void> {
    const since = new Date(now.getTime() - THROTTLE_WINDOW_MS);
    const windows = await this.repository.windows(
      limits.map((l) => l.key),
      since,
    );
    const blocked = windows.filter(
      (w) => w.attempts >= (limits.find((l) => l.key === w.key)?.max ?? Infinity),
    );
    if (blocked.length === 0) return;
    const endsAt = Math.max(...blocked.map((w) => new Date(w.windowStart).getTime() + THROTTLE_WINDOW_MS));
    const retryAfterSeconds = Math.max(1, Math.ceil((endsAt - now.getTime()) / 1000));
    this.logger.warn({
      msg: 'rate limit reached',
      keys: blocked.map((w) => w.key.replace(/:[^:]*@.*$/, ':<email>')),
      retryAfterSeconds,
    });
    throw new DomainError(
      'RATE_LIMITED',
      `Too many attempts. Wait ${retryAfterSeconds} seconds (see the Retry-After header), then try again.`,
      { retryAfterSeconds },
    );
  }

  async count(limits: Limit[], now: Date): Promise<void> {
    await this.repository.count(
      limits.map((l) => l.key),
      now,
      THROTTLE_WINDOW_MS,
    );
    if (++this.counted % 500 === 0) await this.repository.prune(new Date(now.getTime() - THROTTLE_WINDOW_MS));
  }

  async reset(limits: Limit[]): Promise<void> {
    await this.repository.reset(limits.map((l) => l.key));
  }
}
