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

  /**
   * The same for a list of devices (the sweep's candidates; `settled` too after a partner's request),
   * optimistically: rows this transaction locked itself are written, others' locked rows are left to them.
   */
  async of(
    manager: EntityManager,
    deviceIds: readonly string[],
    now: Date,
    options: { settled?: boolean } = {},
  ): Promise<string[]> {
    const changed: string[] = [];
    for (let i = 0; i < deviceIds.length; i += STATUS_PAGE) {
      const page = await this.devices.statesByIds(manager, deviceIds.slice(i, i + STATUS_PAGE), options);
      changed.push(
        ...(await this.devices.applyStatusChanges(manager, changesOf(page, now), now, { optimistic: true })),
      );
    }
    return changed;
  }

  /**
   * D5, D14: after a large partner request (committed), the statuses of the devices it names, one page
   * per transaction so that polls are never blocked for long; held polls of those devices look again.
   * Returns how many statuses changed.
   */
  async afterRequest(
    input: { migrationId: string; requestedAt: Date },
    now: () => Date,
    run: <T>(work: (manager: EntityManager) => Promise<T>) => Promise<T>,
  ): Promise<number> {
    let afterId: string | null = null;
    let changed = 0;
    for (;;) {
      const ids: string[] = await run((manager) =>
        this.devices.requestedIdsPage(manager, { ...input, afterId, limit: STATUS_PAGE }),
      );
      if (ids.length === 0) return changed;
      changed += await run(async (manager) => {
        const written = await this.of(manager, ids, now(), { settled: true });
        await this.signals.devicesChanged(manager, written);
        return written.length;
      });
      if (ids.length < STATUS_PAGE) return changed;
      afterId = ids[ids.length - 1];
    }
  }
}
