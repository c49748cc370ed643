import { performance } from 'node:perf_hooks';
import {
  type AgentCommand,
  type AgentComponent,
  DomainError,
  type PollResponse,
  nextAction,
  pollChangesState,
  pollEligibility,
} from '@cutover/domain';
import { Inject, Injectable } from '@nestjs/common';
import { CommandNotifier } from '../commands/command-notifier';
import { type CommandRow } from '../commands/commands.repository';
import { Clock } from '../common/clock';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { CheckInBuffer } from '../lifecycle/check-ins';
import { type Delivery, DeliveryService, type PolledDevice } from '../lifecycle/delivery.service';
import { MetricsService, type PollOutcome } from '../metrics/metrics.service';
import { AgentAdmission } from './agent-admission';
import { DeviceAuth, NO_DEVICE_TOKEN } from './device-auth';
import type { PollBody } from './dto/poll.schema';

/** Past this many held long polls in one process, further polls are answered at once (still correct, just not held). */
export const MAX_HELD_POLLS = 10_000;
/** A held poll that looks again by itself (a retry falls due, C + 10 min) waits at least this long between looks. */
const MIN_RECHECK_MS = 200;

/** A command as the agent protocol sends it: the payload the queue fixed at its first delivery. */
export function toAgentCommand(command: CommandRow): AgentCommand {
  const base = {
    id: command.id,
    issuedAt: (command.issuedAt ?? command.createdAt).toISOString(),
    leaseExpiresAt: command.leaseExpiresAt!.toISOString(),
  };
  const { mailbox, migrationType, transferLocalData } = command.payload;
  if (command.type === 'CREATE_PROFILE' && mailbox !== undefined)
    return { ...base, type: 'CREATE_PROFILE', payload: { mailbox } };
  if (command.type === 'SWITCH_PROFILE' && migrationType !== undefined && transferLocalData !== undefined)
    return { ...base, type: 'SWITCH_PROFILE', payload: { migrationType, transferLocalData } };
  throw new Error(`command ${command.id} was delivered without its ${command.type} payload`);
}

function toReply(delivery: Delivery): PollResponse {
  return {
    pollIntervalSeconds: delivery.pollIntervalSeconds,
    commands: delivery.commands.map(toAgentCommand),
  };
}

/**
 * POST /poll. Most polls change nothing: the device's state is in memory (DeviceAuth), the rules of
 * libs/domain decide from it and from the poll's own body (pollChangesState; D9 from the body, so a
 * locked PC never gets a command), and the check-in joins the next batched write: no SQL at all.
 * A poll that changes something runs DeliveryService.poll, which decides again on the database
 * (a command is claimed by a conditional UPDATE, so it is never handed out twice).
 */
@Injectable()
export class PollService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly auth: DeviceAuth,
    private readonly delivery: DeliveryService,
    private readonly checkIns: CheckInBuffer,
    private readonly notifier: CommandNotifier,
    private readonly admission: AgentAdmission,
    private readonly metrics: MetricsService,
  ) {}

  /** The device a token hash names; 401 for an unknown or replaced token. */
  async authenticate(tokenHash: string): Promise<PolledDevice> {
    const device = await this.auth.authenticate(tokenHash);
    if (!device) throw new DomainError('UNAUTHENTICATED', NO_DEVICE_TOKEN);
    return device;
  }

  /**
   * A poll; with waitSeconds and nothing to deliver, the reply is held until a command is queued for
   * this device (NOTIFY from any process), it falls due by time (wakeAt), N seconds pass, or the
   * service shuts down. The hold is registered before looking for work, so no wake-up is lost.
   */
  async poll(
    tokenHash: string,
    authenticated: PolledDevice,
    body: PollBody,
    waitSeconds?: number,
  ): Promise<PollResponse> {
    const hold =
      waitSeconds !== undefined && !this.notifier.isClosing && this.notifier.heldPolls < MAX_HELD_POLLS;
    const subscription = hold
      ? this.notifier.subscribe(authenticated.deviceId, authenticated.migrationId)
      : null;
    try {
      // what changed between the read and the subscription is in the state now; what changes later wakes the poll
      const device = subscription ? await this.auth.refresh(tokenHash, authenticated) : authenticated;
      if (!device) throw new DomainError('UNAUTHENTICATED', NO_DEVICE_TOKEN);
      let delivery = await this.look(device, body, subscription !== null);
      if (!subscription || waitSeconds === undefined || delivery.commands.length > 0)
        return this.reply(body.component, delivery, false);
      if (body.component === 'client') {
        const now = this.clock.now();
        this.checkIns.holding(device.deviceId, now, new Date(now.getTime() + waitSeconds * 1000));
      }
      // wall-clock time the reply is held; "now" for the rules still comes from the Clock
      const deadline = performance.now() + waitSeconds * 1000;
      for (;;) {
        const remaining = deadline - performance.now();
        if (remaining <= 0) break;
        const recheckIn =
          delivery.eligible && delivery.wakeAt
            ? Math.max(delivery.wakeAt.getTime() - this.clock.now().getTime(), MIN_RECHECK_MS)
            : Infinity;
        const reason = await subscription.wait(Math.min(remaining, recheckIn));
        if (reason === 'closing') break;
        // D9: a poll that reported a locked or signed-out session (or the service part) gets nothing this time
        if (!delivery.eligible) continue;
        const again = await this.redeliver(device.deviceId);
        // shed (a herd woke at once): the empty reply tells the agent to poll again; nothing is lost
        if (again === null) break;
        delivery = again;
        if (delivery.commands.length > 0) return this.reply(body.component, delivery, true);
      }
      return this.reply(body.component, delivery, true);
    } finally {
      subscription?.close();
    }
  }

  /** The reply, counted once by its outcome (see POLL_OUTCOMES): synchronous, on pre-bound counters. */
  private reply(component: AgentComponent, delivery: Delivery, held: boolean): PollResponse {
    const response = toReply(delivery);
    const outcome: PollOutcome =
      delivery.commands.length > 0
        ? 'delivered'
        : !delivery.eligible
          ? 'ineligible'
          : held
            ? 'held'
            : 'nothing';
    this.metrics.polled(component, outcome, delivery.commands);
    return response;
  }

  /** A held poll looks again in a transaction; null when the process sheds agent work right now. */
  private async redeliver(deviceId: string): Promise<Delivery | null> {
    try {
      return await this.admission.run(() => this.delivery.redeliver(deviceId));
    } catch (error) {
      if (error instanceof DomainError && error.code === 'OVERLOADED') return null;
      throw error;
    }
  }

  /** The poll's first look: in memory when it changes nothing, else in a transaction. */
  private async look(device: PolledDevice, body: PollBody, held: boolean): Promise<Delivery> {
    const now = this.clock.now();
    const client = body.component === 'client';
    const report = {
      component: body.component,
      session: client ? (body.session ?? null) : null,
      inventory: body.inventory ?? null,
    };
    const { state } = device;
    if (pollChangesState(state, report, now)) {
      this.auth.forget(device.deviceId);
      return this.admission.run(() => this.delivery.poll(device.deviceId, report));
    }
    this.checkIns.record(device.deviceId, report, now);
    // the check-in as pollChangesState assumed it (the session did not change, or it would not be here)
    if (client) state.clientLastSeenAt = now;
    else state.serviceLastSeenAt = now;
    if (this.config.checkInFlushMs === 0) await this.checkIns.flush();
    return {
      commands: [],
      pollIntervalSeconds: state.pollIntervalSeconds,
      eligible: pollEligibility(report),
      // only a held poll looks again by itself
      wakeAt: held ? nextAction(state, now).wakeAt : null,
    };
  }
}
