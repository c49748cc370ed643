import { DomainError } from '@cutover/domain';
import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';

/** Retry-After of a shed agent request: 5–15 s, spread so that a herd does not come back at once. */
function retryAfterSeconds(): number {
  return 5 + Math.floor(Math.random() * 11);
}

/**
 * Agent work that needs the database (a cache miss, a poll that changes something, enroll, progress,
 * result), bounded per process: at most the pool minus DATABASE_PARTNER_RESERVE at once, so that a
 * flood of agents never takes the connections partner requests and health checks need; and at most
 * AGENT_MAX_QUEUED waiting, beyond which an agent is told 503 with Retry-After at once instead of
 * queueing without bound (agents back off and come again; nothing is lost).
 */
@Injectable()
export class AgentAdmission {
  readonly limit: number;
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    // the embedded database is one connection: one piece of agent work at a time is all it can do anyway
    this.limit = config.databaseUrl ? config.databasePoolSize - config.databasePartnerReserve : 1;
  }

  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active < this.limit) {
      this.active += 1;
    } else {
      if (this.waiting.length >= this.config.agentMaxQueued) {
        throw new DomainError(
          'OVERLOADED',
          'The service is busy with other agents. Wait the number of seconds in the Retry-After header, then try again.',
          { retryAfterSeconds: retryAfterSeconds() },
        );
      }
      // the slot is handed over by the finishing work (active stays the same)
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active -= 1;
    }
  }
}
