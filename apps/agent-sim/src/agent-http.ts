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
import type { AgentJournal, RequestKind } from './journal';
import { sleepReal } from './sim-clock';
import type { FleetStats } from './stats';

/** A reply of the agent API; status 0 means no reply (network error, timeout, or the fleet stopping). */
export interface HttpReply<T> {
  status: number;
  body: T | null;
  errorCode: string | null;
  /** True when the request was cut short because the fleet is stopping. */
  aborted: boolean;
  /** Why there was no reply (status 0): timeout, aborted, or the socket error code such as ECONNREFUSED. */
  failure: string | null;
  /** The base URL that answered (or, without a reply, the last one tried). */
  baseUrl: string;
}

/**
 * Who sends a request: one simulated PC. It sticks to one of the base URLs (several API replicas)
 * and moves on to the next when a request gets no reply at all (refused, reset, timed out).
 */
export interface Caller {
  /** Index into the base URLs; the HTTP client advances it on a failover. */
  urlIndex: number;
  readonly hostname: string;
  /** Null until enrolled. */
  readonly deviceId: string | null;
}

export interface AgentHttpOptions {
  /** The server, or several replicas of it (each caller sticks to one and fails over to the next). */
  baseUrl: string | readonly string[];
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
  /** Records every attempt (FleetOptions.journal). */
  journal?: AgentJournal | null;
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
  /** The base URLs as given, without a trailing slash. */
  readonly baseUrls: readonly string[];
  private readonly semaphore: Semaphore;
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: AgentHttpOptions) {
    const urls = typeof options.baseUrl === 'string' ? [options.baseUrl] : [...options.baseUrl];
    if (urls.length === 0) throw new Error('At least one base URL is needed.');
    this.baseUrls = urls.map((url) => url.replace(/\/+$/, ''));
    this.semaphore = new Semaphore(Math.max(1, options.concurrency));
    this.fetchImpl = options.fetch ?? fetch;
  }

  enroll(caller: Caller, body: EnrollRequest): Promise<HttpReply<EnrollResponse>> {
    return this.request(caller, { kind: 'enroll', path: '/enroll', token: null, body });
  }

  /** `waitSeconds` (1–30) makes it a long poll. */
  poll(
    caller: Caller,
    token: string,
    body: PollRequest,
    waitSeconds?: number,
  ): Promise<HttpReply<PollResponse>> {
    const query = waitSeconds ? `?waitSeconds=${waitSeconds}` : '';
    return this.request(caller, { kind: 'poll', path: `/poll${query}`, token, body, waitSeconds });
  }

  progress(
    caller: Caller,
    token: string,
    commandId: string,
    body: ProgressRequest,
  ): Promise<HttpReply<null>> {
    const path = `/commands/${encodeURIComponent(commandId)}/progress`;
    return this.request(caller, { kind: 'progress', path, token, body, commandId });
  }

  result(
    caller: Caller,
    token: string,
    commandId: string,
    body: ResultRequest,
  ): Promise<HttpReply<ResultResponse>> {
    const path = `/commands/${encodeURIComponent(commandId)}/result`;
    return this.request(caller, { kind: 'result', path, token, body, commandId });
  }

  /** Resolves when every request already sent has its reply. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /**
   * Sends, honouring Retry-After on 429/503 a few times; a request that gets no reply is sent again
   * at once to the next base URL (each URL at most once), and the caller stays there.
   */
  private async request<T>(caller: Caller, call: Call): Promise<HttpReply<T>> {
    const maxWaits = this.options.maxRetryAfterWaits ?? 5;
    let waits = 0;
    let failovers = 0;
    for (;;) {
      const urlIndex = caller.urlIndex % this.baseUrls.length;
      const attempt = await this.send<T>(caller, urlIndex, call);
      const { reply } = attempt;
      if (reply.status === 0) {
        if (reply.aborted || failovers >= this.baseUrls.length - 1) return reply;
        // both parts of a PC may fail at once: only the first moves the PC on
        if (caller.urlIndex % this.baseUrls.length === urlIndex) {
          caller.urlIndex = (urlIndex + 1) % this.baseUrls.length;
          this.options.stats.failovers += 1;
        }
        failovers += 1;
        continue;
      }
      if ((reply.status !== 429 && reply.status !== 503) || waits >= maxWaits) return reply;
      waits += 1;
      this.options.stats.retryAfterWaits += 1;
      // Retry-After is the server's real capacity talking: honoured in wall-clock seconds, not scaled by speed
      if (!(await sleepReal(attempt.retryAfterMs, this.options.signal))) return reply;
    }
  }

  private async send<T>(
    caller: Caller,
    urlIndex: number,
    call: Call,
  ): Promise<{ reply: HttpReply<T>; retryAfterMs: number }> {
    const { signal, stats, journal } = this.options;
    const baseUrl = this.baseUrls[urlIndex];
    const noReply = (failure: string, aborted: boolean): HttpReply<T> => ({
      status: 0,
      body: null,
      errorCode: null,
      aborted,
      failure,
      baseUrl,
    });
    const longPoll = call.waitSeconds !== undefined && call.waitSeconds > 0;
    if (!longPoll && !(await this.semaphore.acquire(signal))) {
      return { reply: noReply('aborted', true), retryAfterMs: 0 };
    }
    const timeout = AbortSignal.timeout((this.options.timeoutMs ?? 30_000) + (call.waitSeconds ?? 0) * 1000);
    // a long poll may hold for 30 s: stopping cuts it short; other requests finish so stop() can await them
    const requestSignal = longPoll ? AbortSignal.any([signal, timeout]) : timeout;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (call.token) headers.authorization = `Bearer ${call.token}`;
    const startedAt = Date.now();
    const work = (async (): Promise<{
      reply: HttpReply<T>;
      retryAfterMs: number;
      errorMessage: string | null;
    }> => {
      try {
        const response = await this.fetchImpl(`${baseUrl}${AGENT_API_BASE_PATH}${call.path}`, {
          method: 'POST',
          headers,
          body: JSON.stringify(call.body),
          signal: requestSignal,
        });
        const text = await response.text();
        const parsed = parseJson(text);
        const ok = response.status >= 200 && response.status < 300;
        stats.reply(response.status);
        if (!ok) stats.httpError(response.status);
        return {
          reply: {
            status: response.status,
            body: ok ? (parsed as T) : null,
            errorCode: ok ? null : errorCodeOf(parsed),
            aborted: false,
            failure: null,
            baseUrl,
          },
          retryAfterMs: retryAfterMs(response.headers.get('retry-after')),
          errorMessage: ok ? null : errorMessageOf(parsed, text),
        };
      } catch (error) {
        const aborted = signal.aborted;
        if (!aborted) {
          stats.reply('network');
          stats.httpError('network');
        }
        return {
          reply: noReply(aborted ? 'aborted' : failureOf(error), aborted),
          retryAfterMs: 0,
          errorMessage: null,
        };
      } finally {
        if (!longPoll) this.semaphore.release();
      }
    })();
    this.inFlight.add(work);
    try {
      const { reply, retryAfterMs, errorMessage } = await work;
      if (journal) this.record(journal, caller, call, reply, startedAt, errorMessage);
      return { reply, retryAfterMs };
    } finally {
      this.inFlight.delete(work);
    }
  }

  private record(
    journal: AgentJournal,
    caller: Caller,
    call: Call,
    reply: HttpReply<unknown>,
    startedAt: number,
    errorMessage: string | null,
  ): void {
    const poll = call.kind === 'poll' ? (call.body as PollRequest) : null;
    const commands =
      poll && reply.status === 200 ? ((reply.body as PollResponse | null)?.commands ?? []) : [];
    journal.request({
      hostname: caller.hostname,
      deviceId: caller.deviceId,
      kind: call.kind,
      component: poll?.component ?? null,
      commandId: call.commandId ?? null,
      baseUrl: reply.baseUrl,
      startedAt,
      endedAt: Date.now(),
      status: reply.status,
      failure: reply.failure,
      errorCode: reply.errorCode,
      errorMessage,
      // D9: what the server decides eligibility on
      eligible:
        poll !== null &&
        poll.component === 'client' &&
        poll.session?.locked === false &&
        poll.session.userSignedIn === true,
      commandIds: commands.map((c) => c.id),
      waitSeconds: call.waitSeconds ?? null,
    });
  }
}

interface Call {
  kind: RequestKind;
  path: string;
  token: string | null;
  body: unknown;
  waitSeconds?: number;
  commandId?: string;
}

/** timeout, or the socket error's code (ECONNREFUSED, ECONNRESET, UND_ERR_SOCKET, ...). */
function failureOf(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
    return 'timeout';
  const cause = (error as { cause?: { code?: unknown; name?: unknown } } | null)?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.name === 'string') return cause.name;
  return error instanceof Error ? error.message : String(error);
}

function parseJson(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function errorMessageOf(body: unknown, text: string): string {
  const message = (body as { error?: { message?: unknown } } | null)?.error?.message;
  return (typeof message === 'string' ? message : text).slice(0, 300);
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
