import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { SignalsRepository } from '../commands/signals.repository';
import { type DeviceState, statusOf } from './device-state';
import { DeviceStateRepository, type StatusChange } from './device-state.repository';

const STATUS_PAGE = 1000;

function changesOf(states: readonly DeviceState[], now: Date): StatusChange[] {
  return states.flatMap((state) => {
    const to = statusOf(state, now);
    return to === state.status
      ? []
      : [{ deviceId: state.id, rowVersion: state.rowVersion, from: state.status, to }];
  });
}

/** Re-derives stored statuses (deriveDeviceStatus) for many devices at once, page by page. */
@Injectable()
export class StatusRefresh {
  constructor(
    private readonly devices: DeviceStateRepository,
    private readonly signals: SignalsRepository,
  ) {}

  /**
   * Every device of a migration (or of all) whose status time may still change. `lock`: inside a
   * partner's transaction, rows locked and written as derived; else (the sweep) optimistically.
   */
  async all(
    manager: EntityManager,
    scope: { migrationId?: string; lock: boolean },
    now: Date,
  ): Promise<number> {
    let afterId: string | null = null;
    let changed = 0;
    for (;;) {
      const page = await this.devices.activeStatesPage(manager, { afterId, limit: STATUS_PAGE, ...scope });
      const written = await this.devices.applyStatusChanges(manager, changesOf(page, now), now, {
        optimistic: !scope.lock,
      });
      await this.signals.devicesChanged(manager, written);
      changed += written.length;
      if (page.length < STATUS_PAGE) return changed;
      afterId = page[page.length - 1].id;
    }
  }

  /** The same for a list of devices (the sweep's candidates), optimistically. */
  async of(manager: EntityManager, deviceIds: readonly string[], now: Date): Promise<number> {
    let changed = 0;
    for (let i = 0; i < deviceIds.length; i += STATUS_PAGE) {
      const page = await this.devices.statesByIds(manager, deviceIds.slice(i, i + STATUS_PAGE));
      changed += (
        await this.devices.applyStatusChanges(manager, changesOf(page, now), now, { optimistic: true })
      ).length;
    }
    return changed;
  }
}
