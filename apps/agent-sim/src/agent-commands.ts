import type { AgentCommand, ProgressStage, ResultRequest, SwitchProfilePayload } from '@cutover/domain';
import type { AgentOptions } from './agent';
import type { Caller } from './agent-http';
import type { RequestKind } from './journal';
import { planCreateProfile, planSwitchProfile } from './plan';
import { backOff } from './sim-clock';
import type { AgentState } from './stats';

/** What the command runner needs of its PC (the SimulatedAgent). */
export interface CommandHost extends Caller {
  state: AgentState;
  /** The latest enrollment's token; null until enrolled. */
  readonly token: string | null;
  /** A 401 to `token`: journalled, then enrolled again unless already replaced; false when no new token came. */
  unauthorized(kind: RequestKind, token: string, baseUrl: string): Promise<boolean>;
  /** D3: an outdated Outlook that has not been patched yet. */
  outlookOutdated(): boolean;
}

interface SeenCommand {
  result: ResultRequest | null;
  recorded: boolean;
}

const gb = (bytes: number) => `${(bytes / 1e9).toFixed(1)} GB`;

/** Thrown inside a command's work when the fleet stops; the command is left to its lease. */
class Abandoned extends Error {}

/**
 * A PC's commands: carried out one after another as polls bring them, reporting stages and percent
 * (D7) and the result, which is sent again until the server records it (delivery and results are at
 * least once; a command id seen before is never run twice).
 */
export class CommandRunner {
  /** Commands left unfinished because the fleet stopped. */
  abandoned = 0;

  private readonly seen = new Map<string, SeenCommand>();
  private createAttempts = 0;
  private switchOffers = 0;
  private deferrals = 0;
  private work: Promise<void> = Promise.resolve();
  private readonly resends = new Set<Promise<unknown>>();

  constructor(
    private readonly o: AgentOptions,
    private readonly host: CommandHost,
  ) {}

  /** Delivery is at least once: a command id seen before is the same command, never run twice. */
  receive(command: AgentCommand, baseUrl: string): void {
    const seen = this.seen.get(command.id);
    this.o.stats.commandReceived(command.type, seen !== undefined);
    this.o.journal?.receive({
      hostname: this.host.hostname,
      deviceId: this.host.deviceId ?? '',
      commandId: command.id,
      type: command.type,
      at: Date.now(),
      issuedAt: command.issuedAt,
      leaseExpiresAt: command.leaseExpiresAt,
      seenBefore: seen !== undefined,
      baseUrl,
    });
    if (seen) {
      // redelivered after its lease ran out: the result reply was lost, so send the same result again
      if (seen.result && !seen.recorded) this.trackResend(this.sendResult(command, seen));
      return;
    }
    const entry: SeenCommand = { result: null, recorded: false };
    this.seen.set(command.id, entry);
    this.work = this.work.then(() => this.execute(command, entry));
  }

  /** Resolves when the queued commands and the results being sent again are done (or given up). */
  async settled(): Promise<void> {
    await this.work;
    await Promise.allSettled([...this.resends]);
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
          message: `Agent ${this.o.plan.agentVersion} cannot run ${(command as { type: string }).type}`,
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
    this.host.state = 'creating_profile';
    const attempt = planCreateProfile(
      scenario,
      seed,
      plan.index,
      this.createAttempts,
      this.host.outlookOutdated(),
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
    this.host.state = attempt.errorCode ? 'profile_failed' : 'profile_created';
  }

  /** D7, D8: close Outlook, transfer local data, reopen it, sync; or the user asks for 10 more minutes. */
  private async switchProfile(command: AgentCommand, entry: SeenCommand): Promise<void> {
    const { scenario, seed, plan } = this.o;
    this.switchOffers += 1;
    const order = (command.payload ?? {}) as Partial<SwitchProfilePayload>;
    // D7, D13: what the transfer moves, and whether this disk can hold it, follow from the PC's inventory
    const sw = planSwitchProfile(scenario, seed, plan.index, this.switchOffers, this.deferrals, plan, order);
    if (sw.defer) {
      await this.step(sw.answerMs); // D8: the user reads the dialog and clicks "10 more minutes"
      this.deferrals += 1;
      await this.finish(command, entry, { status: 'deferred' });
      this.host.state = 'switch_deferred';
      return;
    }
    this.host.state = 'switching';
    const fail = async (): Promise<void> => {
      await this.finish(command, entry, {
        status: 'failed',
        errorCode: sw.errorCode ?? 'UNKNOWN_ERROR',
        message:
          sw.errorCode === 'DISK_FULL'
            ? `Simulated DISK_FULL: ${gb(plan.freeDiskBytes)} free, ${gb(sw.transferBytes)} to move`
            : `Simulated ${sw.errorCode}`,
      });
      this.host.state = 'switch_failed';
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
    this.host.state = 'switched';
  }

  private async step(simMs: number): Promise<void> {
    if (!(await this.o.clock.sleep(simMs, this.o.signal))) throw new Abandoned();
  }

  /** Progress extends the lease (D7); a 404 means the server dropped the command, so stop working on it. */
  private async progress(command: AgentCommand, stage: ProgressStage, percent: number): Promise<void> {
    if (this.o.signal.aborted) throw new Abandoned();
    const token = this.host.token ?? '';
    const reply = await this.o.http.progress(this.host, token, command.id, { stage, percent });
    if (reply.status === 204 || reply.status === 200) this.o.stats.progressReports += 1;
    else if (reply.status === 401) await this.host.unauthorized('progress', token, reply.baseUrl);
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
      const token = this.host.token ?? '';
      const reply = await this.o.http.result(this.host, token, command.id, result);
      if (reply.status === 200 || reply.status === 201) {
        if (!entry.recorded) this.o.stats.resultRecorded(command.type, result.status, result.errorCode);
        entry.recorded = true;
        this.o.journal?.acknowledge({
          hostname: this.host.hostname,
          deviceId: this.host.deviceId ?? '',
          commandId: command.id,
          type: command.type,
          status: result.status,
          errorCode: result.errorCode ?? null,
          at: Date.now(),
        });
        return;
      }
      if (reply.aborted) return;
      if (reply.status === 401) {
        if (!(await this.host.unauthorized('result', token, reply.baseUrl))) return;
        continue;
      }
      if (reply.status !== 0 && reply.status < 500) return; // 400, 404, 409: counted in httpErrors, retrying cannot help
      if (!(await backOff(attempt, this.o.signal))) return;
    }
  }
}
