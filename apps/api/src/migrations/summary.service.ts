import {
  DEVICE_STATUSES,
  type DeviceStatus,
  type MigrationSummary,
  OBSERVED_RATE_WINDOW_MS,
  describeError,
  onlineSince,
  switchEta,
} from '@cutover/domain';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { PartnerScope } from '../auth/partner-scope';
import { Tenancy } from '../auth/tenancy.service';
import { Clock } from '../common/clock';
import { Transactions } from '../database/transactions';
import { SummaryRepository } from './summary.repository';

/** Statuses that are failures of a step (D4, D7): their error codes make failuresByCode. */
const FAILED: readonly DeviceStatus[] = ['profile_failed', 'switch_failed'];

/** D12: the migration at a glance (cutover night) and the morning-after report, from one pass over its devices. */
@Injectable()
export class SummaryService {
  constructor(
    private readonly repository: SummaryRepository,
    private readonly tenancy: Tenancy,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  /** `manager`: a caller's transaction to read in (D18 queues the summary in the same one). */
  async summary(
    scope: PartnerScope,
    migrationId: string,
    options: { manager?: EntityManager } = {},
  ): Promise<MigrationSummary> {
    const manager = options.manager ?? this.transactions.manager;
    const migration = await this.tenancy.requireMigration(scope, migrationId, { manager });
    const now = this.clock.now();
    const [groups, alertsByCode] = await Promise.all([
      this.repository.groups(manager, scope, {
        migrationId,
        onlineSince: onlineSince({ now, pollIntervalSeconds: migration.pollIntervalSeconds }),
        recentSince: new Date(now.getTime() - OBSERVED_RATE_WINDOW_MS),
      }),
      this.repository.alerts(manager, scope, migrationId),
    ]);
    const byStatus: Partial<Record<DeviceStatus, number>> = {};
    for (const status of DEVICE_STATUSES) byStatus[status] = 0;
    const failures = new Map<string, number>();
    let devices = 0;
    let neverSeen = 0;
    let offline = 0;
    let manualRetryRequired = 0;
    let remaining = 0;
    let remainingBytes: number | null = null;
    let completedRecently = 0;
    for (const g of groups) {
      devices += g.n;
      byStatus[g.status] = (byStatus[g.status] ?? 0) + g.n;
      neverSeen += g.neverSeen;
      offline += g.offline;
      manualRetryRequired += g.manual;
      remaining += g.remaining;
      if (g.remainingBytes !== null) remainingBytes = (remainingBytes ?? 0) + Number(g.remainingBytes);
      completedRecently += g.completedRecently;
      if (g.errorCode !== null && FAILED.includes(g.status))
        failures.set(g.errorCode, (failures.get(g.errorCode) ?? 0) + g.n);
    }
    const eta = switchEta({
      now,
      cutoverAt: new Date(migration.cutoverAt),
      remaining,
      remainingBytes,
      bandwidthMbps: migration.bandwidthMbps,
      completedRecently,
    });
    return {
      asOf: now.toISOString(),
      devices,
      completed: byStatus.completed ?? 0,
      neverSeen,
      offline,
      manualRetryRequired,
      byStatus,
      failuresByCode: [...failures]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .map(([code, count]) => {
          const { message, troubleshootingUrl } = describeError(code);
          return { code, message, troubleshootingUrl, count };
        }),
      alertsByCode,
      switch: {
        done: byStatus.completed ?? 0,
        inProgress: byStatus.switching ?? 0,
        queued: byStatus.queued_for_bandwidth ?? 0,
        etaAt: eta?.at.toISOString() ?? null,
      },
    };
  }
}
