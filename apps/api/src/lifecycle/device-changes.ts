import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { DeviceEventDetails, DeviceEventInput, DeviceEventType } from '../timeline/device-events';
import { SignalsRepository } from '../commands/signals.repository';
import { DeviceEventsRepository } from '../timeline/device-events.repository';
import { type DevicePatch, type DeviceState, statusOf } from './device-state';
import { DeviceStateRepository } from './device-state.repository';

/**
 * One use case's changes to one device inside its transaction: the state as it evolves and the
 * timeline events it adds. DeviceRecorder writes them (patches as they happen, the derived status
 * and the events at the end).
 */
export class DeviceChanges {
  readonly events: DeviceEventInput[] = [];
  /** Whether a column other than the check-in was written (caches elsewhere must drop the device). */
  patched = false;

  constructor(
    readonly state: DeviceState,
    readonly now: Date,
  ) {}

  event<T extends DeviceEventType>(
    type: T,
    detail: DeviceEventDetails[T],
    actorUserId: string | null = null,
  ): void {
    this.events.push({
      deviceId: this.state.id,
      migrationId: this.state.migrationId,
      type,
      detail,
      actorUserId,
    } as DeviceEventInput);
  }
}

@Injectable()
export class DeviceRecorder {
  constructor(
    private readonly devices: DeviceStateRepository,
    private readonly timeline: DeviceEventsRepository,
    private readonly signals: SignalsRepository,
  ) {}

  /** Writes columns of the device now and keeps the in-memory state in step. */
  async patch(manager: EntityManager, changes: DeviceChanges, patch: Partial<DevicePatch>): Promise<void> {
    if (Object.keys(patch).length === 0) return;
    await this.devices.patch(manager, changes.state.id, patch, changes.now);
    Object.assign(changes.state, patch);
    changes.patched = true;
  }

  /**
   * Ends the use case: the status deriveDeviceStatus gives the final state (with its event), the
   * timeline, and, when anything changed, the signal that wakes held polls and drops cached states.
   */
  async commit(manager: EntityManager, changes: DeviceChanges): Promise<void> {
    const { state, now } = changes;
    const status = statusOf(state, now);
    if (status !== state.status) {
      await this.devices.setStatus(manager, state.id, status, now);
      changes.event('status_changed', { from: state.status, to: status });
      state.status = status;
    }
    await this.timeline.append(manager, now, changes.events);
    if (changes.patched || changes.events.length > 0) await this.signals.devicesChanged(manager, [state.id]);
  }
}
