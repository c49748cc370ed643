import { randomUUID } from 'node:crypto';
import type { AgentCommand, PollRequest, ProgressRequest, ResultRequest } from '@cutover/domain';

interface FakeDevice {
  id: string;
  token: string;
  hostname: string;
  /** As the last enrollment sent it; null when it sent none. */
  userEmail: string | null;
  polls: { client: number; service: number };
  lastSession: PollRequest['session'] | null;
  inventories: NonNullable<PollRequest['inventory']>[];
  commands: FakeCommand[];
}

interface FakeCommand {
  command: AgentCommand;
  deliveries: number;
  progress: ProgressRequest[];
  result: ResultRequest | null;
}

/**
 * A small in-memory stand-in for the agent API, as a fetch function: enough of the protocol to
 * unit-test the simulator's side of it (redelivery, Retry-After, re-enrollment, long polls).
 */
export class FakeAgentServer {
  readonly devices = new Map<string, FakeDevice>();
  enrollmentKey = 'test-key';
  pollIntervalSeconds = 120;
  /** Deliver a command again on the next poll even though it is leased (a lost result reply). */
  redeliver = false;
  /** Queue SWITCH_PROFILE once the profile is created. */
  switchAfterProfile = false;
  /** Replies to force, in order, before the real handling: e.g. a 429 with Retry-After. */
  readonly forced: { path: RegExp; status: number; headers?: Record<string, string> }[] = [];
  readonly requests: {
    host: string;
    /** The PC that sent it: by its enrollment's hostname, or by the device its token names. */
    hostname: string | null;
    path: string;
    query: string;
    status: number;
    at: number;
  }[] = [];
  /**
   * Hosts that refuse connections, as a killed replica does: the same server state stays behind
   * every host, like API replicas on one database.
   */
  readonly down = new Set<string>();
  /** Requests being handled right now, and the most at once. */
  inFlight = 0;
  maxInFlight = 0;
  /** Added to each request's handling, in ms. */
  latencyMs = 0;

  readonly fetch: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    const path = url.pathname.replace('/api/agent/v1', '');
    if (this.down.has(url.host)) {
      const refused = Object.assign(new Error(`connect ECONNREFUSED ${url.host}`), { code: 'ECONNREFUSED' });
      throw new TypeError('fetch failed', { cause: refused });
    }
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
      const headers = new Headers(init?.headers);
      const body = JSON.parse(String(init?.body ?? '{}')) as Record<string, unknown>;
      const token = headers.get('authorization')?.replace(/^Bearer /, '');
      const sender =
        path === '/enroll'
          ? String(body.hostname)
          : ([...this.devices.values()].find((d) => d.token === token)?.hostname ?? null);
      const reply = this.handle(path, url.searchParams, headers, body);
      this.requests.push({
        host: url.host,
        hostname: sender,
        path,
        query: url.search,
        status: reply.status,
        at: performance.now(),
      });
      return new Response(reply.body === undefined ? null : JSON.stringify(reply.body), {
        status: reply.status,
        headers: { 'content-type': 'application/json', ...reply.headers },
      });
    } finally {
      this.inFlight -= 1;
    }
  };

  device(hostname: string): FakeDevice {
    const device = [...this.devices.values()].find((d) => d.hostname === hostname);
    if (!device) throw new Error(`no device ${hostname}`);
    return device;
  }

  /** Revokes a device's token, as enrolling it again elsewhere would. */
  revokeToken(hostname: string): void {
    this.device(hostname).token = `revoked-${randomUUID()}`;
  }

  private handle(
    path: string,
    _query: URLSearchParams,
    headers: Headers,
    body: Record<string, unknown>,
  ): { status: number; body?: unknown; headers?: Record<string, string> } {
    const forced = this.forced.findIndex((f) => f.path.test(path));
    if (forced >= 0) {
      const [f] = this.forced.splice(forced, 1);
      return {
        status: f.status,
        body: { error: { code: 'RATE_LIMITED', message: 'slow down' } },
        headers: f.headers,
      };
    }
    if (path === '/enroll') {
      if (body.enrollmentKey !== this.enrollmentKey) return error(401, 'INVALID_ENROLLMENT_KEY');
      const hostname = String(body.hostname);
      const existing = [...this.devices.values()].find((d) => d.hostname === hostname);
      const device: FakeDevice = existing ?? {
        id: randomUUID(),
        token: '',
        hostname,
        userEmail: null,
        polls: { client: 0, service: 0 },
        lastSession: null,
        inventories: [],
        commands: [],
      };
      device.token = randomUUID();
      device.userEmail = typeof body.userEmail === 'string' ? body.userEmail : null;
      this.devices.set(device.id, device);
      return {
        status: 201,
        body: {
          deviceId: device.id,
          deviceToken: device.token,
          pollIntervalSeconds: this.pollIntervalSeconds,
        },
      };
    }
    const token = headers.get('authorization')?.replace(/^Bearer /, '');
    const device = [...this.devices.values()].find((d) => d.token === token);
    if (!device) return error(401, 'UNAUTHORIZED');
    if (path === '/poll') {
      const poll = body as unknown as PollRequest;
      device.polls[poll.component] += 1;
      if (poll.inventory) device.inventories.push(poll.inventory);
      if (poll.component === 'service')
        return { status: 200, body: { pollIntervalSeconds: this.pollIntervalSeconds, commands: [] } };
      device.lastSession = poll.session ?? null;
      if (!poll.session || poll.session.locked || !poll.session.userSignedIn) {
        return { status: 200, body: { pollIntervalSeconds: this.pollIntervalSeconds, commands: [] } };
      }
      this.enqueue(device);
      const deliverable = device.commands.filter((c) => !c.result && (c.deliveries === 0 || this.redeliver));
      for (const c of deliverable) c.deliveries += 1;
      return {
        status: 200,
        body: { pollIntervalSeconds: this.pollIntervalSeconds, commands: deliverable.map((c) => c.command) },
      };
    }
    const match = /^\/commands\/([^/]+)\/(progress|result)$/.exec(path);
    const command = match ? device.commands.find((c) => c.command.id === match[1]) : undefined;
    if (!match || !command) return error(404, 'COMMAND_NOT_FOUND');
    if (match[2] === 'progress') {
      command.progress.push(body as unknown as ProgressRequest);
      return { status: 204 };
    }
    const result = body as unknown as ResultRequest;
    if (command.result) {
      return JSON.stringify(command.result) === JSON.stringify(result)
        ? { status: 200, body: { recorded: true } }
        : error(409, 'RESULT_CONFLICT');
    }
    command.result = result;
    return { status: 200, body: { recorded: true } };
  }

  private enqueue(device: FakeDevice): void {
    if (device.commands.some((c) => !c.result)) return;
    const last = device.commands.at(-1);
    const profileCreated = device.commands.some(
      (c) => c.command.type === 'CREATE_PROFILE' && c.result?.status === 'succeeded',
    );
    const now = new Date().toISOString();
    const base = { id: randomUUID(), issuedAt: now, leaseExpiresAt: now };
    if (!last) {
      device.commands.push({
        command: { ...base, type: 'CREATE_PROFILE', payload: { mailbox: 'x@contoso.onmicrosoft.com' } },
        deliveries: 0,
        progress: [],
        result: null,
      });
    } else if (
      this.switchAfterProfile &&
      profileCreated &&
      (last.command.type === 'CREATE_PROFILE' || last.result?.status === 'deferred')
    ) {
      device.commands.push({
        command: {
          ...base,
          type: 'SWITCH_PROFILE',
          payload: { migrationType: 'pop3', transferLocalData: true },
        },
        deliveries: 0,
        progress: [],
        result: null,
      });
    }
  }
}

function error(status: number, code: string) {
  return { status, body: { error: { code, message: code } } };
}
