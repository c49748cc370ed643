/** A reply of the partner API (status 0: no reply from any replica). */
export interface PartnerReply<T = unknown> {
  status: number;
  body: T | null;
  text: string;
  replica: string;
  retryAfter: string | null;
}

/** A 5xx other than 503 the partner got, for the report. */
export interface PartnerFailure {
  at: number;
  method: string;
  path: string;
  replica: string;
  status: number;
  body: string;
}

/**
 * The IT partner, over the partner API as the dashboard calls it (session cookie, JSON bodies):
 * requests go to the replicas in turn; one that gets no reply is sent to the next replica.
 */
export class PartnerClient {
  private cookie = '';
  private turn = 0;
  readonly statuses: Record<string, number> = {};
  readonly failures: PartnerFailure[] = [];

  constructor(private readonly replicas: readonly { name: string; url: string }[]) {}

  /** The session cookie after sign-up, for requests sent to one replica on purpose (the probes). */
  get sessionCookie(): string {
    return this.cookie;
  }

  /**
   * `retryAfterWaits`: how many times a 503 is sent again after its Retry-After (at most 15 s each);
   * `replica`: the index of the replica to try first (else the next in turn).
   */
  async call<T>(
    method: string,
    path: string,
    body?: unknown,
    options: { retryAfterWaits?: number; replica?: number } = {},
  ): Promise<PartnerReply<T>> {
    for (let waits = 0; ; waits++) {
      const reply = await this.once<T>(method, path, body, options.replica);
      if (reply.status !== 503 || waits >= (options.retryAfterWaits ?? 0)) return reply;
      const seconds = Number(reply.retryAfter ?? 1);
      await new Promise((resolve) =>
        setTimeout(resolve, Math.min(15, Number.isFinite(seconds) ? seconds : 1) * 1000),
      );
    }
  }

  private async once<T>(
    method: string,
    path: string,
    body: unknown,
    replica?: number,
  ): Promise<PartnerReply<T>> {
    const first = (replica ?? this.turn++) % this.replicas.length;
    let last: PartnerReply<T> = { status: 0, body: null, text: '', replica: '', retryAfter: null };
    for (let i = 0; i < this.replicas.length; i++) {
      const replica = this.replicas[(first + i) % this.replicas.length];
      last = await this.send<T>(replica, method, path, body);
      if (last.status !== 0) return last;
    }
    return last;
  }

  private async send<T>(
    replica: { name: string; url: string },
    method: string,
    path: string,
    body: unknown,
  ): Promise<PartnerReply<T>> {
    try {
      const res = await fetch(`${replica.url}${path}`, {
        method,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(this.cookie ? { cookie: this.cookie } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
      const setCookie = res.headers.getSetCookie();
      if (setCookie.length > 0) this.cookie = setCookie.map((c) => c.split(';')[0]).join('; ');
      const text = await res.text();
      this.count(String(res.status));
      if (res.status >= 500 && res.status !== 503) {
        this.failures.push({
          at: Date.now(),
          method,
          path,
          replica: replica.name,
          status: res.status,
          body: text.slice(0, 500),
        });
      }
      let parsed: T | null = null;
      try {
        parsed = text ? (JSON.parse(text) as T) : null;
      } catch {
        parsed = null;
      }
      return {
        status: res.status,
        body: parsed,
        text,
        replica: replica.name,
        retryAfter: res.headers.get('retry-after'),
      };
    } catch {
      this.count('network');
      return { status: 0, body: null, text: '', replica: replica.name, retryAfter: null };
    }
  }

  private count(key: string): void {
    this.statuses[key] = (this.statuses[key] ?? 0) + 1;
  }
}
