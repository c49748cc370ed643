import { defaultMaxConcurrentTransfers, DEVICE_STATUSES, DomainError } from '@cutover/domain';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ActivityService } from '../activity/activity.service';
import type { PartnerScope } from '../auth/partner-scope';
import { Tenancy } from '../auth/tenancy.service';
import { Clock } from '../common/clock';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { Transactions } from '../database/transactions';
import { RetriesService } from '../lifecycle/retries.service';
import type { CreateMigrationDto } from './dto/create-migration.dto';
import {
  type MigrationDto,
  type MigrationListDto,
  type RotateEnrollmentKeyResponseDto,
  zeroCounts,
} from './dto/migration.dto';
import type { UpdateMigrationDto } from './dto/update-migration.dto';
import { newEnrollmentKey } from './enrollment-key';
import {
  type MigrationChanges,
  type MigrationRow,
  type MigrationStats,
  MigrationsRepository,
} from './migrations.repository';

/** A partner's migrations: create, list, read, change (D4 recompute on a new cutover), rotate the enrollment key. */
@Injectable()
export class MigrationsService {
  private readonly logger = new Logger(MigrationsService.name);

  constructor(
    private readonly repository: MigrationsRepository,
    private readonly tenancy: Tenancy,
    private readonly activity: ActivityService,
    private readonly retries: RetriesService,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(scope: PartnerScope, input: CreateMigrationDto): Promise<MigrationDto> {
    const now = this.clock.now();
    const row = await this.transactions.run(async (manager) => {
      const created = await this.repository.insert(manager, scope, {
        customerName: input.customerName,
        cutoverAt: new Date(input.cutoverAt),
        migrationType: input.migrationType,
        // D11: omitted → the type's default (a cap for POP3); an explicit null means no cap
        maxConcurrentTransfers:
          input.maxConcurrentTransfers === undefined
            ? defaultMaxConcurrentTransfers(input.migrationType)
            : input.maxConcurrentTransfers,
        pollIntervalSeconds: input.pollIntervalSeconds ?? this.config.pollIntervalSeconds,
        bandwidthMbps: input.bandwidthMbps ?? null,
        enrollmentKey: newEnrollmentKey(),
        at: now,
      });
      await this.activity.record(manager, scope, {
        migrationId: created.id,
        action: 'migration.created',
        detail: {
          customerName: created.customerName,
          migrationType: created.migrationType,
          cutoverAt: new Date(created.cutoverAt).toISOString(),
          maxConcurrentTransfers: created.maxConcurrentTransfers,
        },
      });
      return created;
    });
    this.logger.log({
      msg: 'migration created',
      partnerId: scope.partnerId,
      migrationId: row.id,
      migrationType: row.migrationType,
    });
    return toMigration(row, undefined);
  }

  async list(scope: PartnerScope): Promise<MigrationListDto> {
    const rows = await this.repository.list(scope);
    const stats = await this.repository.stats(
      scope,
      rows.map((r) => r.id),
      this.clock.now(),
    );
    return { items: rows.map((r) => toMigration(r, stats.get(r.id))) };
  }

  async get(scope: PartnerScope, id: string): Promise<MigrationDto> {
    const row = await this.repository.get(scope, id);
    if (!row) throw new DomainError('MIGRATION_NOT_FOUND');
    const stats = await this.repository.stats(scope, [id], this.clock.now());
    return toMigration(row, stats.get(id));
  }

  /** One transaction: the row lock serialises concurrent edits, and D4 retries move with the cutover atomically. */
  async update(scope: PartnerScope, id: string, input: UpdateMigrationDto): Promise<MigrationDto> {
    const now = this.clock.now();
    const row = await this.transactions.run(async (manager) => {
      const current = await this.tenancy.requireMigration(scope, id, { manager, lock: true });
      const changes: MigrationChanges = {};
      const audit: Record<string, { from: unknown; to: unknown }> = {};
      if (input.customerName !== undefined && input.customerName !== current.customerName) {
        changes.customerName = input.customerName;
        audit.customerName = { from: current.customerName, to: input.customerName };
      }
      const cutoverAt = input.cutoverAt === undefined ? undefined : new Date(input.cutoverAt);
      if (cutoverAt && cutoverAt.getTime() !== new Date(current.cutoverAt).getTime()) {
        changes.cutoverAt = cutoverAt;
        audit.cutoverAt = { from: new Date(current.cutoverAt).toISOString(), to: cutoverAt.toISOString() };
      }
      if (
        input.maxConcurrentTransfers !== undefined &&
        input.maxConcurrentTransfers !== current.maxConcurrentTransfers
      ) {
        changes.maxConcurrentTransfers = input.maxConcurrentTransfers;
        audit.maxConcurrentTransfers = {
          from: current.maxConcurrentTransfers,
          to: input.maxConcurrentTransfers,
        };
      }
      if (
        input.pollIntervalSeconds !== undefined &&
        input.pollIntervalSeconds !== current.pollIntervalSeconds
      ) {
        changes.pollIntervalSeconds = input.pollIntervalSeconds;
        audit.pollIntervalSeconds = { from: current.pollIntervalSeconds, to: input.pollIntervalSeconds };
      }
      if (input.bandwidthMbps !== undefined) {
        const before = (await this.repository.get(scope, id, manager))?.bandwidthMbps ?? null;
        if (input.bandwidthMbps !== before) {
          changes.bandwidthMbps = input.bandwidthMbps;
          audit.bandwidthMbps = { from: before, to: input.bandwidthMbps };
        }
      }
      if (Object.keys(audit).length === 0)
        return (await this.repository.get(scope, id, manager)) as MigrationRow;
      const updated = await this.repository.update(manager, scope, id, changes, now);
      // D4: scheduled retries are recomputed with the new C in the same transaction
      if (changes.cutoverAt)
        await this.retries.cutoverRescheduled(manager, { migrationId: id, cutoverAt: changes.cutoverAt });
      // D11/D2: a new transfer cap or poll interval changes who may switch now and how fresh "online" is
      else if (changes.maxConcurrentTransfers !== undefined || changes.pollIntervalSeconds !== undefined)
        await this.retries.migrationSettingsChanged(manager, { migrationId: id });
      await this.activity.record(manager, scope, {
        migrationId: id,
        action: 'migration.updated',
        detail: { changes: audit },
      });
      return updated;
    });
    const stats = await this.repository.stats(scope, [id], this.clock.now());
    return toMigration(row, stats.get(id));
  }

  async rotateEnrollmentKey(scope: PartnerScope, id: string): Promise<RotateEnrollmentKeyResponseDto> {
    const enrollmentKey = newEnrollmentKey();
    await this.transactions.run(async (manager) => {
      await this.tenancy.requireMigration(scope, id, { manager, lock: true });
      await this.repository.setEnrollmentKey(manager, scope, id, enrollmentKey, this.clock.now());
      await this.activity.record(manager, scope, {
        migrationId: id,
        action: 'enrollment_key.rotated',
        detail: {},
      });
    });
    this.logger.log({
      msg: 'enrollment key rotated',
      partnerId: scope.partnerId,
      migrationId: id,
      userId: scope.userId,
    });
    return { enrollmentKey };
  }
}

function toMigration(row: MigrationRow, stats: MigrationStats | undefined): MigrationDto {
  const deviceCounts = zeroCounts();
  for (const status of DEVICE_STATUSES) deviceCounts[status] = stats?.deviceCounts.get(status) ?? 0;
  return {
    id: row.id,
    customerName: row.customerName,
    cutoverAt: new Date(row.cutoverAt).toISOString(),
    migrationType: row.migrationType,
    maxConcurrentTransfers: row.maxConcurrentTransfers,
    enrollmentKey: row.enrollmentKey,
    deviceCounts,
    totalDevices: DEVICE_STATUSES.reduce((sum, s) => sum + deviceCounts[s], 0),
    openAlerts: stats?.openAlerts ?? 0,
    onlineDevices: stats?.onlineDevices ?? 0,
    bandwidthMbps: row.bandwidthMbps,
    pollIntervalSeconds: row.pollIntervalSeconds,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}
