import {
  AGENT_API_BASE_PATH,
  type EnrollRequest,
  type EnrollResponse,
  type PollRequest,
  type PollResponse,
  type ProgressRequest,
  type ResultRequest,
  type ResultResponse,
} from '@cutover/domain';
import { sleepReal } from './sim-clock';
import type { FleetStats } from './stats';

/** A reply of the agent API; status 0 means no reply (network error, timeout, or the fleet stopping). */
export interface HttpReply<T> {
  status: number;
  body: T | null;
  errorCode: string | null;
  /** True when the request was cut short because the fleet is stopping. */
  aborted: boolean;
}

export interface AgentHttpOptions {
  baseUrl: string;
  /** Requests in flight at once across the fleet; long polls are held connections and do not count. */
  concurrency: number;
  stats: FleetStats;
  /** Aborts queued requests, Retry-After waits and long polls when the fleet stops. */
  signal: AbortSignal;
  /** Per-request timeout in wall-clock ms (a long poll adds its waitSeconds). */
  timeoutMs?: number;
  /** How many times one request honours Retry-After on 429/503 before giving up. */
  maxRetryAfterWaits?: number;
  fetch?: typeof fetch;
}

/** Caps concurrent work; waiters are served first come, first served. */
class Semaphore {
  private active = 0;
  private readonly waiters: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async acquire(signal: AbortSignal): Promise<boolean> {
    if (signal.aborted) return false;
    if (this.active < this.limit) {
      this.active += 1;
      return true;
    }
    return new Promise((resolve) => {
      const grant = () => {
        signal.removeEventListener('abort', onAbort);
        this.active += 1;
        resolve(true);
      };
      const onAbort = () => {
        const at = this.waiters.indexOf(grant);
        if (at >= 0) this.waiters.splice(at, 1);
        resolve(false);
      };
      this.waiters.push(grant);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  release(): void {
    this.active -= 1;
    const next = this.waiters.shift();
    if (next) next();
  }
}

/** The agent protocol v1 over HTTP (Node's fetch: undici with keep-alive connections). */
export class AgentHttp {
  private readonly base: string;
  private readonly semaphore: Semaphore;
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: AgentHttpOptions) {
    this.base = `${options.baseUrl.replace(/\/+$/, '')}${AGENT_API_BASE_PATH}`;
    this.semaphore = new Semaphore(Math.max(1, options.concurrency));
    this.fetchImpl = options.fetch ?? fetch;
  }

  enroll(body: EnrollRequest): Promise<HttpReply<EnrollResponse>> {
    return this.request('/enroll', null, body);
  }

  /** `waitSeconds` (1–30) makes it a long poll. */
  poll(token: string, body: PollRequest, waitSeconds?: number): Promise<HttpReply<PollResponse>> {
    const query = waitSeconds ? `?waitSeconds=${waitSeconds}` : '';
    return this.request(`/poll${query}`, token, body, waitSeconds);
  }

  progress(token: string, commandId: string, body: ProgressRequest): Promise<HttpReply<null>> {
    return this.request(`/commands/${encodeURIComponent(commandId)}/progress`, token, body);
  }

  result(token: string, commandId: string, body: ResultRequest): Promise<HttpReply<ResultResponse>> {
    return this.request(`/commands/${encodeURIComponent(commandId)}/result`, token, body);
  }

  /** Resolves when every request already sent has its reply. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private async request<T>(
    path: string,
    token: string | null,
    body: unknown,
    waitSeconds?: number,
  ): Promise<HttpReply<T>> {
    const maxWaits = this.options.maxRetryAfterWaits ?? 5;
    for (let waits = 0; ; waits++) {
      const reply = await this.send<T>(path, token, body, waitSeconds);
      if ((reply.status !== 429 && reply.status !== 503) || waits >= maxWaits) return reply.reply;
      this.options.stats.retryAfterWaits += 1;
      // Retry-After is the server's real capacity talking: honoured in wall-clock seconds, not scaled by speed
      if (!(await sleepReal(reply.retryAfterMs, this.options.signal))) return reply.reply;
    }
  }

  private async send<T>(
    path: string,
    token: string | null,
    body: unknown,
    waitSeconds?: number,
  ): Promise<{ status: number; reply: HttpReply<T>; retryAfterMs: number }> {
    const { signal, stats } = this.options;
    const longPoll = waitSeconds !== undefined && waitSeconds > 0;
    if (!longPoll && !(await this.semaphore.acquire(signal))) {
      return { status: 0, reply: { status: 0, body: null, errorCode: null, aborted: true }, retryAfterMs: 0 };
    }
    const timeout = AbortSignal.timeout((this.options.timeoutMs ?? 30_000) + (waitSeconds ?? 0) * 1000);
    // a long poll may hold for 30 s: stopping cuts it short; other requests finish so stop() can await them
    const requestSignal = longPoll ? AbortSignal.any([signal, timeout]) : timeout;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    const work = (async () => {
      try {
        const response = await this.fetchImpl(`${this.base}${path}`, {
          method: 'POST',
          headers,
          body: JSON.stringify(body),
          signal: requestSignal,
        });
        const text = await response.text();
        const parsed = parseJson(text);
        const ok = response.status >= 200 && response.status < 300;
        if (!ok) stats.httpError(response.status);
        return {
          status: response.status,
          reply: {
            status: response.status,
            body: ok ? (parsed as T) : null,
            errorCode: ok ? null : errorCodeOf(parsed),
            aborted: false,
          },
          retryAfterMs: retryAfterMs(response.headers.get('retry-after')),
        };
      } catch {
        const aborted = signal.aborted;
        if (!aborted) stats.httpError('network');
        return { status: 0, reply: { status: 0, body: null, errorCode: null, aborted }, retryAfterMs: 0 };
      } finally {
        if (!longPoll) this.semaphore.release();
      }
    })();
    this.inFlight.add(work);
    try {
      return await work;
    } finally {
      this.inFlight.delete(work);
    }
  }
}

function parseJson(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function errorCodeOf(body: unknown): string | null {
  const error = (body as { error?: { code?: unknown } } | null)?.error;
  return typeof error?.code === 'string' ? error.code : null;
}

/** Retry-After in seconds or as an HTTP date; 1 s when missing, at most a minute. */
export function retryAfterMs(header: string | null, now: number = Date.now()): number {
  if (header === null || header.trim() === '') return 1000;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - now;
  return Number.isFinite(ms) ? Math.min(60_000, Math.max(0, ms)) : 1000;
}
