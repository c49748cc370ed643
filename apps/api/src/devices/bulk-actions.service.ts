import {
  type BulkAction,
  type BulkPreviewResponse,
  type DeviceFilter,
  DomainError,
  onlineSince,
} from '@cutover/domain';
import { Injectable, Logger } from '@nestjs/common';
import { ActivityService } from '../activity/activity.service';
import type { PartnerScope } from '../auth/partner-scope';
import { Tenancy } from '../auth/tenancy.service';
import { Clock } from '../common/clock';
import { SignalsRepository } from '../commands/signals.repository';
import { Transactions } from '../database/transactions';
import { CheckInBuffer } from '../lifecycle/check-ins';
import { StatusRefresh } from '../lifecycle/status-refresh';
import { BulkActionsRepository, type BulkSelection, distinctDeviceIds } from './bulk-actions.repository';
import { bulkReplyBytes } from './bulk-reply';
import type { BulkActionBody } from './dto/bulk-action.pipe';

/**
 * Up to this many affected devices, their statuses are re-derived inside the click's transaction (the
 * reply then shows them settled); above it, after the commit, a page per transaction in the background
 * (the click stays a constant number of statements; bench:partner prints how long statuses take to follow).
 */
export const INLINE_STATUS_REFRESH = 2000;

const ACTIVITY: Readonly<Record<BulkAction, 'devices.retry_profile_creation' | 'devices.retry_switch'>> = {
  'retry-profile-creation': 'devices.retry_profile_creation',
  'retry-switch': 'devices.retry_switch',
};

/** The selection a body names: ids (distinct, lower case) or the list's filter; a set must be named, never "all". */
export function selectionOf(
  body: BulkActionBody,
  filterOf: (f: DeviceFilter) => DeviceFilter,
): BulkSelection {
  // the DTO refuses null, [], both and neither; whatever reaches here, a set must be named
  const byIds = Array.isArray(body.deviceIds) && body.deviceIds.length > 0;
  const byFilter = typeof body.filter === 'object' && body.filter !== null && !Array.isArray(body.filter);
  if (byIds === byFilter) {
    throw new DomainError('VALIDATION_FAILED', 'Send either deviceIds or filter (exactly one of them).', [
      {
        field: byIds ? 'filter' : 'deviceIds',
        problems: ['send either deviceIds or filter, exactly one of them'],
      },
    ]);
  }
  return byIds ? { deviceIds: distinctDeviceIds(body.deviceIds!) } : { filter: filterOf(body.filter!) };
}

/** A click's outcome: the counts, and the reply (BulkActionResponse) as JSON bytes. */
export interface BulkActionResult {
  affected: number;
  skipped: number;
  activityId: string;
  /**
   * The BulkActionResponse as JSON bytes (bulkReplyBytes): 10 000 skipped devices are neither objects
   * serialized again nor ~700 KB of text for Fastify to measure and encode (issue #14).
   */
  body: Buffer;
}

/**
 * D5, D14, D16: the Devices tab's bulk actions and their preview. The preview and the click read the
 * same eligibility query; the click writes the partner's request on each eligible device (the poll that
 * takes it creates the command), one audit-log row, and one signal.
 */
@Injectable()
export class BulkActionsService {
  private readonly logger = new Logger(BulkActionsService.name);

  constructor(
    private readonly repository: BulkActionsRepository,
    private readonly tenancy: Tenancy,
    private readonly activity: ActivityService,
    private readonly statuses: StatusRefresh,
    private readonly checkIns: CheckInBuffer,
    private readonly signals: SignalsRepository,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  /** D16, D17: what the action would do now. It changes nothing. */
  async preview(
    scope: PartnerScope,
    migrationId: string,
    action: BulkAction,
    selection: BulkSelection,
  ): Promise<BulkPreviewResponse> {
    // a transaction of its own only for the statement's memory setting (SET LOCAL): it writes nothing
    return this.transactions.run(async (manager) => {
      const migration = await this.tenancy.requireMigration(scope, migrationId, { manager });
      const now = this.clock.now();
      const since = onlineSince({ now, pollIntervalSeconds: migration.pollIntervalSeconds });
      const preview = await this.repository.preview(manager, {
        scope,
        migrationId,
        action,
        selection,
        now,
        onlineSince: since,
      });
      return { action, ...preview };
    });
  }

  /** D5, D14: the click. Affects exactly the devices still eligible now (D16). */
  async run(
    scope: PartnerScope,
    migrationId: string,
    action: BulkAction,
    selection: BulkSelection,
  ): Promise<BulkActionResult> {
    const started = performance.now();
    // this process's buffered check-ins first: the statuses derived below see every poll it answered
    await this.checkIns.flush();
    const now = this.clock.now();
    const result = await this.transactions.run(async (manager) => {
      // clicks on one migration take turns: a device is never taken by two of them
      await this.tenancy.requireMigration(scope, migrationId, { manager, lock: true });
      const outcome = await this.repository.run(manager, {
        scope,
        migrationId,
        action,
        selection,
        now,
        actorUserId: scope.userId,
        idsUpTo: INLINE_STATUS_REFRESH,
        activity: (p, sql) =>
          this.activity.entrySql(
            p,
            scope,
            {
              migrationId,
              action: ACTIVITY[action],
              detail: {
                selection: 'deviceIds' in selection ? 'ids' : 'filter',
                ...('filter' in selection ? { filter: selection.filter } : {}),
              },
            },
            sql,
          ),
      });
      const { affected, affectedIds, skipped, sentIds, activityId } = outcome;
      const inline = affectedIds !== null;
      if (affectedIds !== null) {
        await this.statuses.of(manager, affectedIds, now, { settled: true });
        // held polls of the affected devices look again and caches drop them
        await this.signals.devicesChanged(manager, affectedIds);
      } else if (affected > 0) {
        // one signal for the whole migration, not 100 000 ids
        await this.signals.migrationsChanged(manager, [migrationId]);
      }
      return { affected, skipped, sentIds, activityId, inline };
    });
    const ms = Math.round(performance.now() - started);
    const skippedCount = result.skipped.reduce((sum, group) => sum + group.n, 0);
    this.logger.log({
      msg: 'bulk action',
      action,
      partnerId: scope.partnerId,
      migrationId,
      userId: scope.userId,
      affected: result.affected,
      skipped: skippedCount,
      ms,
    });
    if (!result.inline) this.followStatuses(migrationId, now);
    const body = bulkReplyBytes(result);
    return { affected: result.affected, skipped: skippedCount, activityId: result.activityId, body };
  }

  /** After a large click: statuses follow in the background; a failure is logged (the next poll of each device re-derives it). */
  private followStatuses(migrationId: string, requestedAt: Date): void {
    const started = performance.now();
    void this.statuses
      .afterRequest(
        { migrationId, requestedAt },
        () => this.clock.now(),
        (work) => this.transactions.run(work),
      )
      .then((changed) =>
        this.logger.log({
          msg: 'bulk action statuses followed',
          migrationId,
          changed,
          ms: Math.round(performance.now() - started),
        }),
      )
      .catch((error: Error) =>
        this.logger.warn({
          msg: 'bulk action statuses did not all follow; each device settles on its next poll or sweep',
          migrationId,
          error: error.message,
        }),
      );
  }
}
