import { DEFAULT_POLL_INTERVAL_SECONDS, type AgentComponent, type PollRequest } from '@cutover/domain';
import { CommandRunner, type CommandHost } from './agent-commands';
import type { AgentHttp } from './agent-http';
import type { AgentJournal, RequestKind } from './journal';
import type { DevicePlan } from './plan';
import { createRandom, type Random } from './random';
import type { Scenario } from './scenarios/scenario';
import { SessionTimeline, sessionReport } from './session';
import { backOff, type SimClock } from './sim-clock';
import type { AgentState, FleetStats } from './stats';

export interface AgentOptions {
  plan: DevicePlan;
  scenario: Scenario;
  seed: string;
  enrollmentKey: string;
  clock: SimClock;
  http: AgentHttp;
  stats: FleetStats;
  /** Aborted when the fleet stops: loops end, running commands are abandoned (their leases run out). */
  signal: AbortSignal;
  /** Each poll interval is scaled by a factor in [1 - jitter, 1 + jitter]. */
  jitter: number;
  /** Long-poll hold in wall-clock seconds for the client part (0: plain polls). */
  longPollSeconds: number;
  /** Which base URL this PC starts on (several replicas: the fleet spreads PCs round-robin). */
  urlIndex?: number;
  /** Records what this PC received, what the server acknowledged, and refused tokens. */
  journal?: AgentJournal | null;
}

const MAX_REENROLLMENTS = 5;
const MAX_ENROLL_ATTEMPTS = 6;

/**
 * One simulated PC: enrolls, then runs its two parts (D1) that poll on their own at the server's
 * interval with jitter; the client part reports the session (D9) and hands the commands it gets to
 * the PC's CommandRunner (agent-commands.ts), which carries them out one after another.
 */
export class SimulatedAgent implements CommandHost {
  state: AgentState = 'enrolling';
  deviceId: string | null = null;
  /** The base URL this PC talks to; the HTTP client moves it on when a request gets no reply. */
  urlIndex: number;

  private deviceToken: string | null = null;
  private intervalMs = DEFAULT_POLL_INTERVAL_SECONDS * 1000;
  private readonly session: SessionTimeline;
  /** Timing only (phases, jitter); outcomes come from the plan functions, so they do not depend on timing. */
  private readonly timing: Random;
  private readonly commands: CommandRunner;
  private reenrollments = 0;
  private reenrolling: Promise<boolean> | null = null;
  private everPolled = false;
  private readonly inventorySent: Record<AgentComponent, string | null> = { client: null, service: null };
  /** An enrollment timed out: the server may have carried it out after all, replacing the token later. */
  private enrollmentInDoubt = false;

  constructor(private readonly o: AgentOptions) {
    this.urlIndex = o.urlIndex ?? 0;
    const random = createRandom(o.seed).fork(`device-${o.plan.index}`);
    this.session = new SessionTimeline(o.scenario.session, random.fork('session'));
    this.timing = random.fork('timing');
    this.commands = new CommandRunner(o, this);
  }

  get plan(): DevicePlan {
    return this.o.plan;
  }

  get hostname(): string {
    return this.o.plan.hostname;
  }

  get token(): string | null {
    return this.deviceToken;
  }

  /** Commands left unfinished because the fleet stopped. */
  get abandoned(): number {
    return this.commands.abandoned;
  }

  async run(): Promise<void> {
    const { plan, clock, signal } = this.o;
    if (!(await this.enroll())) {
      if (!signal.aborted) this.state = 'enroll_failed';
      return;
    }
    if (plan.offline) {
      this.state = 'offline'; // D12: enrolled by the installer, never seen again
      return;
    }
    if (plan.late) {
      this.state = 'waiting_to_come_online'; // D11: the Monday-morning herd
      if (!(await clock.sleep(plan.onlineAtMs - clock.now(), signal))) return;
    }
    this.state = 'idle';
    const parts = [this.part('client')];
    // D1: the service part of these PCs never gets through (proxy, firewall): the server raises SERVICE_UNREACHABLE
    if (!plan.serviceUnreachable) parts.push(this.part('service'));
    await Promise.all(parts);
    await this.commands.settled();
  }

  /** One part's poll loop; each part starts at its own random phase within the interval. */
  private async part(component: AgentComponent): Promise<void> {
    const { clock, signal } = this.o;
    if (!(await clock.sleep(this.timing.float(0, this.intervalMs), signal))) return;
    while (!signal.aborted) {
      const started = clock.now();
      const longPoll = await this.poll(component);
      const interval = this.intervalMs * (1 + this.timing.float(-this.o.jitter, this.o.jitter));
      // after a long poll the hold counts towards the interval; a plain poll waits the whole interval after the reply
      const wait = longPoll ? interval - (clock.now() - started) : interval;
      if (!(await clock.sleep(Math.max(0, wait), signal))) return;
    }
  }

  /** Returns whether it was a long poll. */
  private async poll(component: AgentComponent): Promise<boolean> {
    const { clock, http, stats } = this.o;
    const token = this.deviceToken;
    if (token === null) return false;
    const body: PollRequest = { component };
    if (component === 'client') body.session = sessionReport(this.session.at(clock.now())); // D9
    const inventory = this.inventory();
    const inventoryKey = JSON.stringify(inventory);
    // D3: inventory on a part's first poll and whenever it changes (a patched Outlook clears the alert)
    if (this.inventorySent[component] !== inventoryKey) body.inventory = inventory;
    const waitSeconds =
      component === 'client' && this.o.longPollSeconds > 0
        ? Math.min(this.o.longPollSeconds, Math.max(1, Math.ceil(clock.toRealMs(this.intervalMs) / 1000)))
        : undefined;
    const reply = await http.poll(this, token, body, waitSeconds);
    if (reply.status === 200 && reply.body) {
      stats.poll(component);
      if (!this.everPolled) {
        this.everPolled = true;
        stats.cameOnline += 1;
      }
      if (body.inventory) this.inventorySent[component] = inventoryKey;
      // D2: the server sets the interval in every reply
      if (reply.body.pollIntervalSeconds > 0) this.intervalMs = reply.body.pollIntervalSeconds * 1000;
      for (const command of reply.body.commands ?? []) this.commands.receive(command, reply.baseUrl);
    } else if (reply.status === 401) {
      await this.unauthorized('poll', token, reply.baseUrl);
    }
    return waitSeconds !== undefined;
  }

  /** Enrolls at start; again (same deviceId, new token) when a token is refused. */
  private async enroll(): Promise<boolean> {
    const { plan, http, stats, signal } = this.o;
    for (let attempt = 0; attempt < MAX_ENROLL_ATTEMPTS && !signal.aborted; attempt++) {
      const reply = await http.enroll(this, {
        enrollmentKey: this.o.enrollmentKey,
        hostname: plan.hostname,
        windowsUser: plan.windowsUser,
        // D13: a PC that knows no email address sends none
        ...(plan.userEmail !== null ? { userEmail: plan.userEmail } : {}),
        osVersion: plan.osVersion,
        outlookVersion: this.outlookVersion(),
        agentVersion: plan.agentVersion,
      });
      if ((reply.status === 201 || reply.status === 200) && reply.body) {
        const first = this.deviceToken === null;
        this.deviceToken = reply.body.deviceToken;
        this.deviceId = reply.body.deviceId;
        if (reply.body.pollIntervalSeconds > 0) this.intervalMs = reply.body.pollIntervalSeconds * 1000;
        if (first) stats.enrolled += 1;
        else stats.reenrolled += 1;
        this.o.journal?.enroll({ hostname: plan.hostname, deviceId: this.deviceId, at: Date.now(), first });
        this.inventorySent.client = null;
        this.inventorySent.service = null;
        return true;
      }
      if (reply.aborted) return false;
      if (reply.failure === 'timeout') this.enrollmentInDoubt = true;
      if (reply.status === 400 || reply.status === 401 || reply.status === 404) {
        if (this.deviceToken === null) stats.enrollFailed += 1; // a wrong key or base URL: retrying cannot help
        return false;
      }
      if (!(await backOff(attempt, signal))) return false;
    }
    if (this.deviceToken === null && !signal.aborted) stats.enrollFailed += 1;
    return false;
  }

  /** A 401 to a token this agent holds: journalled (latest or one it replaced itself), then enrolled again. */
  async unauthorized(kind: RequestKind, token: string, baseUrl: string): Promise<boolean> {
    this.o.journal?.refuse({
      hostname: this.hostname,
      deviceId: this.deviceId,
      kind,
      at: Date.now(),
      baseUrl,
      tokenWasLatest: token === this.deviceToken,
      enrollmentInDoubt: this.enrollmentInDoubt,
    });
    return this.reenroll(token);
  }

  /** Single flight: both parts may see the same 401; a token already replaced needs no new enrollment. */
  private async reenroll(refusedToken: string | null): Promise<boolean> {
    if (refusedToken !== null && refusedToken !== this.deviceToken) return true;
    if (!this.reenrolling) {
      if (this.reenrollments >= MAX_REENROLLMENTS) return false;
      this.reenrollments += 1;
      this.reenrolling = this.enroll().finally(() => (this.reenrolling = null));
    }
    return this.reenrolling;
  }

  private patched(): boolean {
    const { plan, clock } = this.o;
    return plan.patchedAtMs !== null && clock.now() >= plan.patchedAtMs;
  }

  private outlookVersion(): string {
    return this.patched() && this.plan.patchedOutlookVersion
      ? this.plan.patchedOutlookVersion
      : this.plan.outlookVersion;
  }

  outlookOutdated(): boolean {
    return this.plan.outdatedOutlook && !this.patched();
  }

  private inventory(): NonNullable<PollRequest['inventory']> {
    const { plan } = this.o;
    return {
      outlookVersion: this.outlookVersion(),
      agentVersion: plan.agentVersion,
      freeDiskBytes: plan.freeDiskBytes,
      localDataBytes: plan.localDataBytes,
    };
  }
}
