import { afterProfileFailure } from '@cutover/domain';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CommandsRepository } from '../commands/commands.repository';
import { SignalsRepository } from '../commands/signals.repository';
import { Clock } from '../common/clock';
import type { DeviceEventInput } from '../timeline/device-events';
import { DeviceEventsRepository } from '../timeline/device-events.repository';
import { RetriesRepository } from './retries.repository';
import { StatusRefresh } from './status-refresh';

const iso = (date: Date) => date.toISOString();

/**
 * Partner changes to a migration, inside the caller's transaction (the partner use case owns it):
 * D4 retries that follow a new cutover, D11/D2 setting changes. (D5/D14 retries: BulkActionsService.)
 */
@Injectable()
export class RetriesService {
  constructor(
    private readonly clock: Clock,
    private readonly retries: RetriesRepository,
    private readonly commands: CommandsRepository,
    private readonly signals: SignalsRepository,
    private readonly timeline: DeviceEventsRepository,
    private readonly statuses: StatusRefresh,
  ) {}

  /**
   * D4: the cutover of the migration changed (call it after writing migration.cutover_at, in the
   * same transaction): every scheduled automatic retry is recomputed from the device's last failure
   * with the new C (afterProfileFailure). A retry the new C no longer allows is dropped ("manual
   * retry required"); a device whose schedule had run out gets one again if the new C allows it
   * (never for D10). Statuses follow (C + 10 min moved too) and held polls of the migration look again.
   */
  async cutoverRescheduled(
    manager: EntityManager,
    input: { migrationId: string; cutoverAt: Date },
  ): Promise<void> {
    const now = this.clock.now();
    const rows = await this.retries.lockRetrySchedules(manager, input.migrationId);
    const events: DeviceEventInput[] = [];
    const moved: { commandId: string; availableAt: Date }[] = [];
    const expired: string[] = [];
    const revived: { deviceId: string; retryAt: Date; failedAt: Date }[] = [];
    const schedules: { deviceId: string; nextRetryAt: Date | null }[] = [];
    for (const row of rows) {
      const { retryAt } = afterProfileFailure({
        errorCode: row.errorCode,
        failedAt: row.errorAt,
        cutoverAt: input.cutoverAt,
      });
      const device = { deviceId: row.id, migrationId: row.migrationId };
      if (row.commandId !== null && row.availableAt !== null) {
        if (retryAt === null) {
          expired.push(row.commandId);
          schedules.push({ deviceId: row.id, nextRetryAt: null });
          events.push({
            ...device,
            type: 'manual_retry_required',
            detail: { reason: 'cutover_rescheduled', commandId: row.commandId },
          });
        } else if (retryAt.getTime() !== row.availableAt.getTime()) {
          moved.push({ commandId: row.commandId, availableAt: retryAt });
          schedules.push({ deviceId: row.id, nextRetryAt: retryAt });
          events.push({
            ...device,
            type: 'retry_rescheduled',
            detail: {
              commandId: row.commandId,
              retryAt: iso(retryAt),
              previousRetryAt: iso(row.availableAt),
              cutoverAt: iso(input.cutoverAt),
            },
          });
        }
      } else if (retryAt !== null) {
        revived.push({ deviceId: row.id, retryAt, failedAt: row.errorAt });
        schedules.push({ deviceId: row.id, nextRetryAt: retryAt });
      }
    }
    await this.commands.moveScheduledRetries(
      manager,
      moved.map((m) => m.commandId),
      moved.map((m) => m.availableAt),
    );
    await this.commands.expireScheduledRetries(manager, expired, now);
    const queued = await this.commands.queueCreateProfile(manager, {
      migrationId: input.migrationId,
      deviceIds: revived.map((r) => r.deviceId),
      source: 'retry',
      availableAt: revived.map((r) => r.retryAt),
      now,
      createdBy: null,
    });
    const revivedBy = new Map(revived.map((r) => [r.deviceId, r]));
    for (const q of queued) {
      const r = revivedBy.get(q.deviceId)!;
      const device = { deviceId: q.deviceId, migrationId: input.migrationId };
      events.push({
        ...device,
        type: 'command_queued',
        detail: {
          commandId: q.id,
          commandType: 'CREATE_PROFILE',
          source: 'retry',
          availableAt: iso(r.retryAt),
        },
      });
      events.push({
        ...device,
        type: 'retry_scheduled',
        detail: {
          commandId: q.id,
          retryAt: iso(r.retryAt),
          failedAt: iso(r.failedAt),
          cutoverAt: iso(input.cutoverAt),
        },
      });
    }
    await this.retries.setRetrySchedules(manager, schedules, now);
    await this.timeline.append(manager, now, events);
    await this.statuses.all(manager, { migrationId: input.migrationId, lock: true }, now);
    await this.signals.migrationsChanged(manager, [input.migrationId]);
  }

  /**
   * The migration's transfer cap (D11) or poll settings changed (call it in the same transaction):
   * statuses follow and held polls of the migration look again, so raised caps start switches now.
   */
  async migrationSettingsChanged(manager: EntityManager, input: { migrationId: string }): Promise<void> {
    const now = this.clock.now();
    await this.statuses.all(manager, { migrationId: input.migrationId, lock: true }, now);
    await this.signals.migrationsChanged(manager, [input.migrationId]);
  }
}
