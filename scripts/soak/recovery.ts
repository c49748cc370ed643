import type { RequestRecord } from '../../apps/agent-sim/src/fleet';
import type { Finding } from './findings';
import { type Replica, sleep } from './replicas';

const PROBE_EVERY_MS = 500;

/** A fault the soak caused. */
export interface Fault {
  name: string;
  /** Replicas whose path it cuts (both for a database restart). */
  replicas: Replica[];
  at: number;
  /** Kill: started again and healthy. Database: the command returned. */
  doneAt: number | null;
  note: string;
}

export interface ProbeSample {
  at: number;
  /** Agent poll through this replica (0: no reply). */
  poll: number;
  /** Partner read of the migration through this replica (0: no reply). */
  partner: number;
}

/**
 * A device per replica that polls it as a service part (which never gets commands) and reads the
 * migration through it as the partner, every 0.5 s: the "path" whose recovery a fault is timed by.
 */
export class Probe {
  readonly samples: ProbeSample[] = [];
  readonly statuses: Record<string, number> = {};
  /** 5xx other than 503, with the body. */
  readonly failures: string[] = [];
  /** A probe's token is never replaced: any 401 is one to a valid agent. */
  readonly unauthorized: Finding[] = [];
  deviceId = '';
  private token = '';
  private stopped = false;
  private loop: Promise<void> = Promise.resolve();

  constructor(
    readonly replica: Replica,
    private readonly migrationId: string,
    private readonly cookie: () => string,
  ) {}

  get hostname(): string {
    return `SOAK-PROBE-${this.replica.name}`;
  }

  async enroll(enrollmentKey: string): Promise<void> {
    const res = await fetch(`${this.replica.url}/api/agent/v1/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        enrollmentKey,
        hostname: this.hostname,
        windowsUser: `SOAK\\probe-${this.replica.name.toLowerCase()}`,
      }),
    });
    if (res.status !== 201) throw new Error(`probe enrollment: ${res.status} ${await res.text()}`);
    const body = (await res.json()) as { deviceId: string; deviceToken: string };
    this.deviceId = body.deviceId;
    this.token = body.deviceToken;
  }

  start(): void {
    this.loop = (async () => {
      while (!this.stopped) {
        const [poll, partner] = await Promise.all([
          this.send(
            'POST',
            '/api/agent/v1/poll',
            { authorization: `Bearer ${this.token}` },
            { component: 'service' },
          ),
          this.send('GET', `/api/migrations/${this.migrationId}`, { cookie: this.cookie() }),
        ]);
        this.samples.push({ at: Date.now(), poll, partner });
        await sleep(PROBE_EVERY_MS);
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }

  private async send(
    method: string,
    url: string,
    headers: Record<string, string>,
    body?: unknown,
  ): Promise<number> {
    try {
      const res = await fetch(`${this.replica.url}${url}`, {
        method,
        headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
      const text = await res.text();
      this.statuses[res.status] = (this.statuses[res.status] ?? 0) + 1;
      const at = new Date().toISOString();
      if (res.status >= 500 && res.status !== 503)
        this.failures.push(
          `probe ${method} ${url} on ${this.replica.name} at ${at}: ${res.status} ${text.slice(0, 300)}`,
        );
      if (res.status === 401 && url.includes('/agent/')) {
        this.unauthorized.push({
          kind: '401 to a probe',
          deviceId: this.deviceId,
          hostname: this.hostname,
          commandId: null,
          detail: `poll to ${this.replica.name} at ${at}: ${text.slice(0, 200)}`,
        });
      }
      return res.status;
    } catch {
      this.statuses.network = (this.statuses.network ?? 0) + 1;
      return 0;
    }
  }
}

/**
 * How long the path through a replica was down: from the fault to the first sample (poll and partner
 * read both 200) after the last failed one that fell within [from, until); 0 when none failed. A path
 * still down at `until` (the next fault) is followed past it; null when it never came back.
 */
export function pathBack(samples: readonly ProbeSample[], from: number, until: number): number | null {
  const ok = (s: ProbeSample) => s.poll === 200 && s.partner === 200;
  const lastFailure = samples.findLastIndex((s) => s.at >= from && s.at < until && !ok(s));
  if (lastFailure < 0) return 0;
  const back = samples.slice(lastFailure + 1).find(ok);
  return back ? back.at - from : null;
}

/**
 * The PCs whose poll failed (no reply, or a 4xx/5xx) within [from, until), and how long each was
 * without a poll: from the start of its first failed poll (or the fault, for a poll held since before)
 * to the first 200 of a later one (a held long poll counts from when it was accepted).
 */
export function agentsBack(
  polls: readonly RequestRecord[],
  from: number,
  until: number,
): { affected: number; back: number[]; notBack: number } {
  const byDevice = new Map<string, RequestRecord[]>();
  for (const p of polls) {
    if (p.endedAt < from) continue;
    const list = byDevice.get(p.hostname) ?? [];
    list.push(p);
    byDevice.set(p.hostname, list);
  }
  const back: number[] = [];
  let affected = 0;
  let notBack = 0;
  for (const list of byDevice.values()) {
    list.sort((a, b) => a.endedAt - b.endedAt);
    const failure = list.find((p) => p.status !== 200 && p.failure !== 'aborted' && p.endedAt < until);
    if (!failure) continue;
    affected += 1;
    const backAt = Math.min(
      ...list
        .filter((p) => p.status === 200 && p.endedAt > failure.endedAt)
        .map((p) => (p.waitSeconds ? Math.max(p.startedAt, failure.endedAt) : p.endedAt)),
    );
    if (backAt === Infinity) notBack += 1;
    else back.push(backAt - Math.max(failure.startedAt, from));
  }
  return { affected, back, notBack };
}
