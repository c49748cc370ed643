import {
  DEFAULT_POLL_INTERVAL_SECONDS,
  type AgentCommand,
  type AgentComponent,
  type PollRequest,
  type ProgressStage,
  type ResultRequest,
} from '@cutover/domain';
import type { AgentHttp } from './agent-http';
import { planCreateProfile, planSwitchProfile, type DevicePlan } from './plan';
import { createRandom, type Random } from './random';
import type { Scenario } from './scenarios/scenario';
import { SessionTimeline, sessionReport } from './session';
import { sleepReal, type SimClock } from './sim-clock';
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
}

interface SeenCommand {
  result: ResultRequest | null;
  recorded: boolean;
}

/** Thrown inside a command's work when the fleet stops; the command is left to its lease. */
class Abandoned extends Error {}

const MAX_REENROLLMENTS = 5;
const MAX_ENROLL_ATTEMPTS = 6;

/**
 * One simulated PC: enrolls, then runs its two parts (D1) that poll on their own at the server's
 * interval with jitter; the client part reports the session (D9) and carries out commands one
 * after another, reporting stages and percent (D7) and the result.
 */
export class SimulatedAgent {
  state: AgentState = 'enrolling';
  deviceId: string | null = null;
  /** Commands left unfinished because the fleet stopped. */
  abandoned = 0;

  private token: string | null = null;
  private intervalMs = DEFAULT_POLL_INTERVAL_SECONDS * 1000;
  private readonly session: SessionTimeline;
  /** Timing only (phases, jitter); outcomes come from the plan functions, so they do not depend on timing. */
  private readonly timing: Random;
  private readonly seen = new Map<string, SeenCommand>();
  private createAttempts = 0;
  private switchOffers = 0;
  private deferrals = 0;
  private work: Promise<void> = Promise.resolve();
  private readonly resends = new Set<Promise<unknown>>();
  private reenrollments = 0;
  private reenrolling: Promise<boolean> | null = null;
  private everPolled = false;
  private readonly inventorySent: Record<AgentComponent, string | null> = { client: null, service: null };

  constructor(private readonly o: AgentOptions) {
    const random = createRandom(o.seed).fork(`device-${o.plan.index}`);
    this.session = new SessionTimeline(o.scenario.session, random.fork('session'));
    this.timing = random.fork('timing');
  }

  get plan(): DevicePlan {
    return this.o.plan;
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
    await this.work;
    await Promise.allSettled([...this.resends]);
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
    const token = this.token;
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
    const reply = await http.poll(token, body, waitSeconds);
    if (reply.status === 200 && reply.body) {
      stats.poll(component);
      if (!this.everPolled) {
        this.everPolled = true;
        stats.cameOnline += 1;
      }
      if (body.inventory) this.inventorySent[component] = inventoryKey;
      // D2: the server sets the interval in every reply
      if (reply.body.pollIntervalSeconds > 0) this.intervalMs = reply.body.pollIntervalSeconds * 1000;
      for (const command of reply.body.commands ?? []) this.receive(command);
    } else if (reply.status === 401) {
      await this.reenroll(token);
    }
    return waitSeconds !== undefined;
  }

  /** Delivery is at least once: a command id seen before is the same command, never run twice. */
  private receive(command: AgentCommand): void {
    const seen = this.seen.get(command.id);
    this.o.stats.commandReceived(command.type, seen !== undefined);
    if (seen) {
      // redelivered after its lease ran out: the result reply was lost, so send the same result again
      if (seen.result && !seen.recorded) this.trackResend(this.sendResult(command, seen));
      return;
    }
    const entry: SeenCommand = { result: null, recorded: false };
    this.seen.set(command.id, entry);
    this.work = this.work.then(() => this.execute(command, entry));
  }

  private trackResend(promise: Promise<unknown>): void {
    this.resends.add(promise);
    void promise.finally(() => this.resends.delete(promise));
  }

  private async execute(command: AgentCommand, entry: SeenCommand): Promise<void> {
    try {
      if (this.o.signal.aborted) throw new Abandoned();
      if (command.type === 'CREATE_PROFILE') await this.createProfile(command, entry);
      else if (command.type === 'SWITCH_PROFILE') await this.switchProfile(command, entry);
      else {
        // a newer command type this agent version does not know (the protocol may add types)
        await this.finish(command, entry, {
          status: 'failed',
          errorCode: 'UNKNOWN_ERROR',
          message: `Agent ${this.plan.agentVersion} cannot run ${(command as { type: string }).type}`,
        });
      }
    } catch (error) {
      if (!(error instanceof Abandoned)) this.o.stats.agentError(error);
      else if (this.o.signal.aborted) this.abandoned += 1;
    }
  }

  /** D4, D10, D3. */
  private async createProfile(command: AgentCommand, entry: SeenCommand): Promise<void> {
    const { scenario, seed, plan } = this.o;
    this.createAttempts += 1;
    this.state = 'creating_profile';
    const attempt = planCreateProfile(
      scenario,
      seed,
      plan.index,
      this.createAttempts,
      this.outlookOutdated(),
    );
    await this.progress(command, 'creating_profile', 0);
    if (attempt.errorCode === 'CREDENTIAL_PROMPT_TIMEOUT') {
      await this.step(attempt.durationMs); // D10: the prompt stays unanswered for 10 minutes
    } else {
      await this.step(attempt.durationMs / 2);
      await this.progress(command, 'creating_profile', 50);
      await this.step(attempt.durationMs / 2);
    }
    const result: ResultRequest = attempt.errorCode
      ? {
          status: 'failed',
          errorCode: attempt.errorCode,
          message: `Simulated ${attempt.errorCode} (attempt ${this.createAttempts})`,
        }
      : { status: 'succeeded' };
    await this.finish(command, entry, result);
    this.state = attempt.errorCode ? 'profile_failed' : 'profile_created';
  }

  /** D7, D8: close Outlook, transfer local data, reopen it, sync; or the user asks for 10 more minutes. */
  private async switchProfile(command: AgentCommand, entry: SeenCommand): Promise<void> {
    const { scenario, seed, plan } = this.o;
    this.switchOffers += 1;
    const payload = (command.payload ?? {}) as { transferLocalData?: boolean };
    const sw = planSwitchProfile(
      scenario,
      seed,
      plan.index,
      this.switchOffers,
      this.deferrals,
      plan.localDataBytes,
      payload.transferLocalData !== false,
    );
    if (sw.defer) {
      await this.step(sw.answerMs); // D8: the user reads the dialog and clicks "10 more minutes"
      this.deferrals += 1;
      await this.finish(command, entry, { status: 'deferred' });
      this.state = 'switch_deferred';
      return;
    }
    this.state = 'switching';
    const fail = async (): Promise<void> => {
      await this.finish(command, entry, {
        status: 'failed',
        errorCode: sw.errorCode ?? 'UNKNOWN_ERROR',
        message: `Simulated ${sw.errorCode}`,
      });
      this.state = 'switch_failed';
    };
    await this.progress(command, 'closing_outlook', 0);
    await this.step(sw.closeOutlookMs);
    await this.progress(command, 'transferring_data', 5);
    // a report every 30 simulated seconds of transfer, at most 10
    const chunks = Math.min(10, Math.max(1, Math.ceil(sw.transferMs / 30_000)));
    for (let i = 1; i <= chunks; i++) {
      const done = i / chunks;
      if (sw.errorCode && done >= sw.failAtFraction) {
        await this.step(sw.transferMs * (sw.failAtFraction - (i - 1) / chunks));
        return fail();
      }
      await this.step(sw.transferMs / chunks);
      await this.progress(command, 'transferring_data', Math.round(5 + 75 * done));
    }
    await this.progress(command, 'reopening_outlook', 82);
    await this.step(sw.reopenOutlookMs);
    await this.progress(command, 'syncing', 90);
    await this.step(sw.syncMs / 2);
    await this.progress(command, 'syncing', 95);
    await this.step(sw.syncMs / 2);
    await this.finish(command, entry, { status: 'succeeded' });
    this.state = 'switched';
  }

  private async step(simMs: number): Promise<void> {
    if (!(await this.o.clock.sleep(simMs, this.o.signal))) throw new Abandoned();
  }

  /** Progress extends the lease (D7); a 404 means the server dropped the command, so stop working on it. */
  private async progress(command: AgentCommand, stage: ProgressStage, percent: number): Promise<void> {
    if (this.o.signal.aborted) throw new Abandoned();
    const reply = await this.o.http.progress(this.token ?? '', command.id, { stage, percent });
    if (reply.status === 204 || reply.status === 200) this.o.stats.progressReports += 1;
    else if (reply.status === 401) await this.reenroll(null);
    else if (reply.status === 404) throw new Abandoned();
  }

  private async finish(command: AgentCommand, entry: SeenCommand, result: ResultRequest): Promise<void> {
    entry.result = result;
    await this.sendResult(command, entry);
  }

  /** At least once: retried after network errors and 5xx until recorded, refused (404/409/400), or stopped. */
  private async sendResult(command: AgentCommand, entry: SeenCommand): Promise<void> {
    const result = entry.result;
    if (!result) return;
    for (let attempt = 0; !this.o.signal.aborted; attempt++) {
      const token = this.token ?? '';
      const reply = await this.o.http.result(token, command.id, result);
      if (reply.status === 200 || reply.status === 201) {
        if (!entry.recorded) this.o.stats.resultRecorded(command.type, result.status, result.errorCode);
        entry.recorded = true;
        return;
      }
      if (reply.aborted) return;
      if (reply.status === 401) {
        if (!(await this.reenroll(token))) return;
        continue;
      }
      if (reply.status !== 0 && reply.status < 500) return; // 400, 404, 409: counted in httpErrors, retrying cannot help
      if (!(await sleepReal(Math.min(30_000, 500 * 2 ** attempt), this.o.signal))) return;
    }
  }

  /** Enrolls at start; again (same deviceId, new token) when a token is refused. */
  private async enroll(): Promise<boolean> {
    const { plan, http, stats, signal } = this.o;
    for (let attempt = 0; attempt < MAX_ENROLL_ATTEMPTS && !signal.aborted; attempt++) {
      const reply = await http.enroll({
        enrollmentKey: this.o.enrollmentKey,
        hostname: plan.hostname,
        windowsUser: plan.windowsUser,
        userEmail: plan.userEmail,
        osVersion: plan.osVersion,
        outlookVersion: this.outlookVersion(),
        agentVersion: plan.agentVersion,
      });
      if ((reply.status === 201 || reply.status === 200) && reply.body) {
        const first = this.token === null;
        this.token = reply.body.deviceToken;
        this.deviceId = reply.body.deviceId;
        if (reply.body.pollIntervalSeconds > 0) this.intervalMs = reply.body.pollIntervalSeconds * 1000;
        if (first) stats.enrolled += 1;
        else stats.reenrolled += 1;
        this.inventorySent.client = null;
        this.inventorySent.service = null;
        return true;
      }
      if (reply.aborted) return false;
      if (reply.status === 400 || reply.status === 401 || reply.status === 404) {
        if (this.token === null) stats.enrollFailed += 1; // a wrong key or base URL: retrying cannot help
        return false;
      }
      if (!(await sleepReal(Math.min(30_000, 500 * 2 ** attempt), signal))) return false;
    }
    if (this.token === null && !signal.aborted) stats.enrollFailed += 1;
    return false;
  }

  /** Single flight: both parts may see the same 401; a token already replaced needs no new enrollment. */
  private async reenroll(refusedToken: string | null): Promise<boolean> {
    if (refusedToken !== null && refusedToken !== this.token) return true;
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

  private outlookOutdated(): boolean {
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
