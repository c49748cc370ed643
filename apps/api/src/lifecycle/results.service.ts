import {
  type CommandType,
  DomainError,
  ERROR_DETAIL_MAX_LENGTH,
  type ProgressStage,
  type ResultStatus,
  leaseExpiresAt,
  switchDeferredUntil,
} from '@cutover/domain';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { type CommandRow, CommandsRepository } from '../commands/commands.repository';
import { SignalsRepository } from '../commands/signals.repository';
import { Clock } from '../common/clock';
import { Transactions } from '../database/transactions';
import { MetricsService } from '../metrics/metrics.service';
import { DeviceChanges, DeviceRecorder } from './device-changes';
import type { DevicePatch, DeviceState } from './device-state';
import { DeviceStateRepository } from './device-state.repository';
import { ProfileFailures } from './profile-failures';

/** The agent's message is untrusted free text: keep what the Devices tab can show. */
function trimDetail(message: string | null | undefined): string | null {
  const trimmed = message?.trim() ?? '';
  return trimmed === '' ? null : trimmed.slice(0, ERROR_DETAIL_MAX_LENGTH);
}

/** What agents report back on a command: progress (D7, lease extension) and results (D4 failures, D8 deferral). */
@Injectable()
export class ResultsService {
  constructor(
    private readonly clock: Clock,
    private readonly transactions: Transactions,
    private readonly devices: DeviceStateRepository,
    private readonly commands: CommandsRepository,
    private readonly signals: SignalsRepository,
    private readonly failures: ProfileFailures,
    private readonly recorder: DeviceRecorder,
    private readonly metrics: MetricsService,
  ) {}

  /** D7: a stage/percent report extends the lease; a report on a finished command changes nothing. */
  async recordProgress(input: {
    deviceId: string;
    commandId: string;
    stage: ProgressStage;
    percent: number;
  }): Promise<void> {
    await this.transactions.run(async (manager) => {
      const changes = await this.begin(manager, input.deviceId);
      const { state, now } = changes;
      const command = await this.deliveredCommand(manager, input.commandId, state.id);
      if (command.resultStatus !== null || state.outstanding?.id !== command.id) return;
      const lease = leaseExpiresAt(now);
      await this.commands.recordProgress(manager, {
        commandId: command.id,
        stage: input.stage,
        percent: input.percent,
        leaseExpiresAt: lease,
      });
      state.outstanding = {
        ...command,
        state: 'delivered',
        leaseExpiresAt: lease,
        progressStage: input.stage,
        progressPercent: input.percent,
      };
      if (state.progressStage !== input.stage || state.progressPercent !== input.percent) {
        await this.recorder.patch(manager, changes, {
          progressStage: input.stage,
          progressPercent: input.percent,
        });
        changes.event('progress', {
          commandId: command.id,
          commandType: command.type,
          stage: input.stage,
          percent: input.percent,
        });
      }
      await this.recorder.commit(manager, changes);
    });
  }

  /**
   * A command's result: idempotent (the same result again changes nothing), 409 for a different one.
   * Returns whether it was newly recorded.
   */
  async recordResult(input: {
    deviceId: string;
    commandId: string;
    status: ResultStatus;
    errorCode: string | null;
    message: string | null;
  }): Promise<boolean> {
    // the command's type when newly recorded, else null
    const recorded = await this.transactions.run(async (manager): Promise<CommandType | null> => {
      const changes = await this.begin(manager, input.deviceId);
      const { state } = changes;
      const command = await this.deliveredCommand(manager, input.commandId, state.id);
      const errorCode = input.status === 'failed' ? input.errorCode : null;
      if (command.resultStatus !== null) {
        if (command.resultStatus === input.status && command.errorCode === errorCode) return null;
        throw new DomainError('RESULT_CONFLICT', undefined, {
          recorded: { status: command.resultStatus, errorCode: command.errorCode },
        });
      }
      if (input.status === 'deferred' && command.type !== 'SWITCH_PROFILE') {
        throw new DomainError(
          'VALIDATION_FAILED',
          'Only SWITCH_PROFILE can be deferred (D8); report CREATE_PROFILE as succeeded or failed.',
          [{ field: 'status', problems: ['deferred is only valid for SWITCH_PROFILE'] }],
        );
      }
      await this.apply(manager, changes, command, {
        status: input.status,
        errorCode,
        message: trimDetail(input.message),
      });
      await this.recorder.commit(manager, changes);
      return command.type;
    });
    if (recorded === null) return false;
    // counted once committed: a rolled-back transaction recorded nothing
    this.metrics.resultRecorded(recorded, input.status, input.errorCode);
    return true;
  }

  /**
   * A command whose lease ran out for the last time (afterLeaseExpired: give up) fails as
   * NO_RESULT_FROM_AGENT, like a failure the agent reported: the device shows the error and waits
   * for the partner. Nothing happens if the command got a result or a new lease meanwhile.
   */
  async abandon(input: { deviceId: string; commandId: string }): Promise<boolean> {
    const abandoned = await this.transactions.run(async (manager): Promise<CommandType | null> => {
      const changes = await this.begin(manager, input.deviceId);
      const command = await this.commands.lockForDevice(manager, input.commandId, input.deviceId);
      const now = changes.now;
      if (
        !command ||
        command.state !== 'delivered' ||
        command.leaseExpiresAt === null ||
        command.leaseExpiresAt > now
      )
        return null;
      changes.event('command_abandoned', {
        commandId: command.id,
        commandType: command.type,
        deliveryCount: command.deliveryCount,
      });
      const message = `Delivered ${command.deliveryCount} times; no result within any of its leases.`;
      await this.apply(manager, changes, command, {
        status: 'failed',
        errorCode: 'NO_RESULT_FROM_AGENT',
        message,
      });
      await this.recorder.commit(manager, changes);
      return command.type;
    });
    if (abandoned === null) return false;
    this.metrics.resultRecorded(abandoned, 'failed', 'NO_RESULT_FROM_AGENT');
    return true;
  }

  /** A result, reported or decided here: the command is finished and the device moves on (D4, D7, D8, D10, D11). */
  private async apply(
    manager: EntityManager,
    changes: DeviceChanges,
    command: CommandRow,
    result: { status: ResultStatus; errorCode: string | null; message: string | null },
  ): Promise<void> {
    const { state, now } = changes;
    const { errorCode, message } = result;
    const input = { status: result.status };
    await this.commands.recordResult(manager, {
      commandId: command.id,
      status: input.status,
      errorCode,
      message,
      now,
    });
    if (state.outstanding?.id === command.id) state.outstanding = null;
    const patch: Partial<DevicePatch> = { progressStage: null, progressPercent: null };
    if (input.status === 'succeeded') {
      changes.event('command_succeeded', { commandId: command.id, commandType: command.type });
      Object.assign(patch, { errorCode: null, errorMessage: null, errorAt: null });
      if (command.type === 'CREATE_PROFILE') {
        Object.assign(patch, { profileCreatedAt: now, nextRetryAt: null, manualRetryRequired: false });
      } else {
        patch.switchedAt = now;
      }
    } else if (input.status === 'failed') {
      const code = errorCode ?? 'UNKNOWN_ERROR';
      changes.event('command_failed', {
        commandId: command.id,
        commandType: command.type,
        errorCode: code,
        message,
      });
      if (command.type === 'CREATE_PROFILE') {
        Object.assign(patch, await this.failures.record(manager, changes, { errorCode: code, message }));
      } else {
        Object.assign(patch, { errorCode: code, errorMessage: message, errorAt: now });
      }
    } else {
      // D8: offered again no earlier than 10 minutes later.
      const switchNotBefore = switchDeferredUntil(now);
      patch.switchNotBefore = switchNotBefore;
      changes.event('command_deferred', {
        commandId: command.id,
        switchNotBefore: switchNotBefore.toISOString(),
      });
    }
    await this.recorder.patch(manager, changes, patch);
    // D11: a finished transfer frees a slot for the devices queued for bandwidth.
    if (command.type === 'SWITCH_PROFILE' && state.maxConcurrentTransfers !== null) {
      await this.signals.slotsFreed(manager, [state.migrationId]);
    }
  }

  private async begin(manager: EntityManager, deviceId: string): Promise<DeviceChanges> {
    const state: DeviceState | null = await this.devices.lockState(manager, deviceId);
    // the device was deleted between authentication and now: its token is no longer valid
    if (!state) throw new DomainError('UNAUTHENTICATED');
    return new DeviceChanges(state, this.clock.now());
  }

  /** A command of this device that was delivered at least once (the agent cannot know any other). */
  private async deliveredCommand(
    manager: EntityManager,
    commandId: string,
    deviceId: string,
  ): Promise<CommandRow> {
    const command = await this.commands.lockForDevice(manager, commandId, deviceId);
    if (!command || command.deliveryCount === 0) throw new DomainError('COMMAND_NOT_FOUND');
    return command;
  }
}
