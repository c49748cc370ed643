import { type AgentComponent, type ReadinessChanges, readinessChanges } from '@cutover/domain';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AlertsRepository } from '../alerts/alerts.repository';
import { type DeviceState, readinessStateOf } from './device-state';
import type { DeviceChanges } from './device-changes';

/** D1, D3, D13 readiness alerts: decided by libs/domain's readinessChanges, written here with their timeline events. */
@Injectable()
export class ReadinessService {
  constructor(private readonly alerts: AlertsRepository) {}

  /** What a check-in (or an enrollment: no component) would open and clear, read-only. */
  changesFor(
    state: DeviceState,
    report: {
      component?: AgentComponent;
      outlookVersion?: string | null;
      freeDiskBytes?: number | null;
      localDataBytes?: number | null;
    },
    now: Date,
  ): ReadinessChanges {
    return readinessChanges(readinessStateOf(state), report, now);
  }

  async apply(manager: EntityManager, changes: DeviceChanges, readiness: ReadinessChanges): Promise<void> {
    const { state, now } = changes;
    const cleared = await this.alerts.clear(manager, state.id, readiness.clear, now);
    for (const code of cleared) changes.event('alert_cleared', { code });
    const raised: typeof state.openAlerts = [];
    for (const { code, detail } of readiness.raise) {
      const alert = { deviceId: state.id, migrationId: state.migrationId, code, detail, at: now };
      if (await this.alerts.raise(manager, alert)) changes.event('alert_raised', { code, detail });
      raised.push(code);
    }
    state.openAlerts = [...state.openAlerts.filter((code) => !readiness.clear.includes(code)), ...raised];
  }
}
