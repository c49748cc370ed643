import { afterProfileFailure } from '@cutover/domain';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { type CommandRow, CommandsRepository } from '../commands/commands.repository';
import { type DeviceChanges, DeviceRecorder } from './device-changes';
import type { DevicePatch } from './device-state';

const iso = (date: Date) => date.toISOString();

/** A failed CREATE_PROFILE (reported by the agent, or not sendable): its error and what follows by D4/D10. */
@Injectable()
export class ProfileFailures {
  constructor(
    private readonly commands: CommandsRepository,
    private readonly recorder: DeviceRecorder,
  ) {}

  /**
   * The device shows the error; an automatic retry is queued (D4) or the partner must retry (D4, D10).
   * Returns the device columns to write (the caller writes them with its own).
   */
  async record(
    manager: EntityManager,
    changes: DeviceChanges,
    failure: { errorCode: string; message: string | null },
  ): Promise<Partial<DevicePatch>> {
    const { state, now } = changes;
    const next = afterProfileFailure({
      errorCode: failure.errorCode,
      failedAt: now,
      cutoverAt: state.cutoverAt,
    });
    if (next.retryAt === null) {
      changes.event('manual_retry_required', { reason: next.reason });
    } else {
      const [queued] = await this.commands.queueCreateProfile(manager, {
        migrationId: state.migrationId,
        deviceIds: [state.id],
        source: 'retry',
        availableAt: [next.retryAt],
        now,
        createdBy: null,
      });
      if (queued) {
        state.outstanding = await this.commands.lockForDevice(manager, queued.id, state.id);
        changes.event('command_queued', {
          commandId: queued.id,
          commandType: 'CREATE_PROFILE',
          source: 'retry',
          availableAt: iso(next.retryAt),
        });
        changes.event('retry_scheduled', {
          commandId: queued.id,
          retryAt: iso(next.retryAt),
          failedAt: iso(now),
          cutoverAt: iso(state.cutoverAt),
        });
      }
    }
    return {
      errorCode: failure.errorCode,
      errorMessage: failure.message,
      errorAt: now,
      nextRetryAt: next.retryAt,
      manualRetryRequired: next.manualRetryRequired,
    };
  }

  /** A CREATE_PROFILE that cannot be sent (no address known) fails at once, like a failure the agent reports. */
  async undeliverable(manager: EntityManager, changes: DeviceChanges, command: CommandRow): Promise<void> {
    const errorCode = 'PROFILE_CREATION_FAILED';
    const message =
      'No Office 365 address is known for this user: enroll the device again with userEmail, then retry profile creation.';
    await this.commands.recordResult(manager, {
      commandId: command.id,
      status: 'failed',
      errorCode,
      message,
      now: changes.now,
    });
    changes.state.outstanding = null;
    changes.event('command_failed', { commandId: command.id, commandType: command.type, errorCode, message });
    await this.recorder.patch(manager, changes, await this.record(manager, changes, { errorCode, message }));
  }
}
