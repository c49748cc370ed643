import {
  type CommandSource,
  type CommandType,
  type DevicePollState,
  DomainError,
  isReadyForCommands,
  leaseExpiresAt,
  mailboxFor,
  nextAction,
  onlineSince,
  pollEligibility,
  retryRequested,
  transferLocalData,
} from '@cutover/domain';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { type CommandPayload, type CommandRow, CommandsRepository } from '../commands/commands.repository';
import { Clock } from '../common/clock';
import { Transactions } from '../database/transactions';
import { CheckInBuffer } from './check-ins';
import { DeviceChanges, DeviceRecorder } from './device-changes';
import { type CheckIn, type DevicePatch, type DeviceState, factsOf, pollStateOf } from './device-state';
import { DeviceStateRepository } from './device-state.repository';
import { ProfileFailures } from './profile-failures';
import { ReadinessService } from './readiness.service';
import { TransferSlotsRepository } from './transfer-slots.repository';

/** A device as the agent fast path knows it. */
export interface PolledDevice {
  deviceId: string;
  migrationId: string;
  state: DevicePollState;
}

/** What a poll gets: the commands it now holds (0 or 1) and, for a long poll, when to look again by itself. */
export interface Delivery {
  commands: CommandRow[];
  pollIntervalSeconds: number;
  /** D9: whether this poll may receive commands at all (client part, unlocked, signed in). */
  eligible: boolean;
  /** The next moment a command may become deliverable without anyone notifying (retry due, C + 10 min, lease end). */
  wakeAt: Date | null;
}

const iso = (date: Date) => date.toISOString();

/**
 * Polls (D1, D2, D9 check-in; D3 inventory) and the delivery of the command a device should run now
 * (D4, D7, D8 from nextAction; D9; D11 transfer slots). The first CREATE_PROFILE and each
 * SWITCH_PROFILE are created by the poll that receives them; retries are queued commands.
 */
@Injectable()
export class DeliveryService {
  constructor(
    private readonly clock: Clock,
    private readonly transactions: Transactions,
    private readonly devices: DeviceStateRepository,
    private readonly commands: CommandsRepository,
    private readonly slots: TransferSlotsRepository,
    private readonly readiness: ReadinessService,
    private readonly failures: ProfileFailures,
    private readonly recorder: DeviceRecorder,
    private readonly checkIns: CheckInBuffer,
  ) {}

  /**
   * A poll that changes something (the agent fast path decided so with pollChangesState; see
   * PollService): in one transaction its check-in, which also locks the device row, then versions,
   * readiness alerts (D1, D3), the command due now for an eligible poll (D4, D7–D9, D11), the status.
   * Decided again on the database's state, so a stale cache can cost a transaction, never a wrong answer.
   */
  async poll(deviceId: string, report: Omit<CheckIn, 'now'>): Promise<Delivery> {
    return this.transactions.run(async (manager) => {
      const now = this.clock.now();
      const checkedIn = await this.devices.checkIn(manager, deviceId, { ...report, now });
      // the device was deleted between authentication and now: its token is no longer valid
      if (!checkedIn) throw new DomainError('UNAUTHENTICATED');
      const state = this.checkIns.withPending(deviceId, checkedIn);
      const changes = new DeviceChanges(state, now);
      const reported = report.inventory ?? {};
      const versions: Partial<DevicePatch> = {};
      for (const field of ['outlookVersion', 'agentVersion'] as const) {
        const to = reported[field];
        if (to === undefined || to === state[field]) continue;
        changes.event('inventory_changed', { field, from: state[field], to });
        versions[field] = to;
      }
      await this.recorder.patch(manager, changes, versions);
      const readiness = this.readiness.changesFor(
        state,
        {
          component: report.component,
          outlookVersion: reported.outlookVersion,
          freeDiskBytes: reported.freeDiskBytes,
          localDataBytes: reported.localDataBytes,
        },
        now,
      );
      await this.readiness.apply(manager, changes, readiness);
      const eligible = pollEligibility(report);
      const commands = eligible ? await this.deliver(manager, changes) : [];
      await this.recorder.commit(manager, changes);
      return this.reply(state, commands, eligible, now);
    });
  }

  /** The device a token hash names, with the state the poll rules read; null for an unknown or replaced token. */
  async lookup(tokenHash: string): Promise<PolledDevice | null> {
    const state = await this.devices.stateByTokenHash(this.transactions.manager, tokenHash);
    if (!state) return null;
    return {
      deviceId: state.id,
      migrationId: state.migrationId,
      state: pollStateOf(this.checkIns.withPending(state.id, state)),
    };
  }

  /** A held long poll looks again (woken by NOTIFY or its own wakeAt); no check-in this time. */
  async redeliver(deviceId: string): Promise<Delivery> {
    return this.transactions.run(async (manager) => {
      const now = this.clock.now();
      const state = this.checkIns.withPending(deviceId, await this.mustLock(manager, deviceId));
      const changes = new DeviceChanges(state, now);
      const commands = isReadyForCommands({ ...changes.state, now })
        ? await this.deliver(manager, changes)
        : [];
      await this.recorder.commit(manager, changes);
      return this.reply(changes.state, commands, true, now);
    });
  }

  private reply(state: DeviceState, commands: CommandRow[], eligible: boolean, now: Date): Delivery {
    return {
      commands,
      pollIntervalSeconds: state.pollIntervalSeconds,
      eligible,
      wakeAt: nextAction(factsOf(state), now).wakeAt,
    };
  }

  private async mustLock(manager: EntityManager, deviceId: string): Promise<DeviceState> {
    const state = await this.devices.lockState(manager, deviceId);
    // the device was deleted between authentication and now: its token is no longer valid
    if (!state) throw new DomainError('UNAUTHENTICATED');
    return state;
  }

  /** Hands the device the command nextAction says is due now, if any (at most one outstanding). */
  private async deliver(manager: EntityManager, changes: DeviceChanges): Promise<CommandRow[]> {
    const { state, now } = changes;
    const due = nextAction(factsOf(state), now).due;
    if (due === null) return [];
    // D11: a switch starts only when a transfer slot is free
    if (due.type === 'SWITCH_PROFILE' && !(await this.takeTransferSlot(manager, changes))) return [];
    const lease = leaseExpiresAt(now);
    // D5, D14: the partner's pending retry request is what this command answers
    const requested = retryRequested(state);
    if (due.source === 'outstanding') {
      const outstanding = state.outstanding!;
      // the payload is fixed at the first delivery; re-deliveries send the same
      const payload =
        outstanding.deliveryCount === 0 ? this.payloadFor(state, outstanding.type) : outstanding.payload;
      if (payload === null) {
        await this.failures.undeliverable(manager, changes, outstanding);
        return [];
      }
      const claimed = await this.commands.claim(manager, {
        commandId: outstanding.id,
        now,
        leaseExpiresAt: lease,
        payload,
        bringForward: requested,
      });
      if (!claimed) return [];
      if (requested) await this.takeRequest(manager, changes, claimed);
      return [await this.delivered(manager, changes, claimed)];
    }
    const source: CommandSource = requested ? 'manual' : 'auto';
    const createdBy = requested ? state.retryRequestedBy : null;
    const payload = this.payloadFor(state, due.type);
    if (payload === null) {
      // recorded as a command of its own, so the failure has a command in the timeline
      const [queued] = await this.commands.queueCreateProfile(manager, {
        migrationId: state.migrationId,
        deviceIds: [state.id],
        source,
        availableAt: [now],
        now,
        createdBy,
      });
      if (!queued) return [];
      changes.event('command_queued', {
        commandId: queued.id,
        commandType: due.type,
        source,
        availableAt: iso(now),
      });
      const command = await this.commands.lockForDevice(manager, queued.id, state.id);
      if (command) {
        if (requested) await this.takeRequest(manager, changes, command);
        await this.failures.undeliverable(manager, changes, command);
      }
      return [];
    }
    const created = await this.commands.insertDelivered(manager, {
      deviceId: state.id,
      migrationId: state.migrationId,
      type: due.type,
      payload,
      now,
      leaseExpiresAt: lease,
      source,
      createdBy,
      // the first CREATE_PROFILE is created once; a retry the partner asked for is a new one
      onlyIfFirstOfType: due.type === 'CREATE_PROFILE' && !requested,
    });
    if (!created) return [];
    changes.event('command_queued', {
      commandId: created.id,
      commandType: due.type,
      source,
      availableAt: iso(now),
    });
    if (requested) await this.takeRequest(manager, changes, created);
    return [await this.delivered(manager, changes, created)];
  }

  /**
   * D5, D14: this command answers the partner's pending request: the timeline names who asked and when,
   * and the request is taken (a second click may then ask again).
   */
  private async takeRequest(
    manager: EntityManager,
    changes: DeviceChanges,
    command: CommandRow,
  ): Promise<void> {
    const { state } = changes;
    changes.event(
      'retry_requested',
      { commandId: command.id, commandType: command.type, requestedAt: iso(state.retryRequestedAt!) },
      state.retryRequestedBy,
    );
    await this.devices.takeRetryRequest(manager, state.id);
    state.retryRequestedAt = null;
    state.retryRequestedBy = null;
    // the request overtook any scheduled retry and ended "manual retry required"
    await this.recorder.patch(manager, changes, { nextRetryAt: null, manualRetryRequired: false });
    changes.patched = true;
  }

  private async delivered(
    manager: EntityManager,
    changes: DeviceChanges,
    command: CommandRow,
  ): Promise<CommandRow> {
    const { state } = changes;
    state.outstanding = command;
    changes.event('command_delivered', {
      commandId: command.id,
      commandType: command.type,
      deliveryCount: command.deliveryCount,
      leaseExpiresAt: iso(command.leaseExpiresAt!),
    });
    const patch: Partial<DevicePatch> = {};
    if (state.waitingForSlotSince !== null) patch.waitingForSlotSince = null;
    // a fresh command starts without progress; a re-delivery keeps what the agent reported last
    if (command.deliveryCount === 1 && (state.progressStage !== null || state.progressPercent !== null)) {
      Object.assign(patch, { progressStage: null, progressPercent: null });
    }
    await this.recorder.patch(manager, changes, patch);
    return command;
  }

  /** The payload of a new command from the device's data now; null when CREATE_PROFILE has no address (D15). */
  private payloadFor(state: DeviceState, type: CommandType): CommandPayload | null {
    if (type === 'SWITCH_PROFILE') {
      return {
        migrationType: state.migrationType,
        transferLocalData: transferLocalData(state.migrationType),
      };
    }
    const mailbox = mailboxFor({
      mapped: state.mailbox,
      userEmail: state.userEmail,
      windowsUser: state.windowsUser,
    });
    return mailbox === null ? null : { mailbox };
  }

  /** D11: with a cap, the switch starts only when a slot is free and no ready device waited longer. */
  private async takeTransferSlot(manager: EntityManager, changes: DeviceChanges): Promise<boolean> {
    const { state, now } = changes;
    const cap = state.maxConcurrentTransfers;
    if (cap === null) return true;
    const free = await this.slots.slotFree(manager, {
      migrationId: state.migrationId,
      deviceId: state.id,
      cap,
      now,
      onlineSince: onlineSince({ now, pollIntervalSeconds: state.pollIntervalSeconds }),
    });
    if (!free && state.waitingForSlotSince === null) {
      await this.recorder.patch(manager, changes, { waitingForSlotSince: now });
    }
    return free;
  }
}
