import { DomainError } from '@cutover/domain';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { isUuid } from '../auth/id-param.pipe';
import type { PartnerScope } from '../auth/partner-scope';
import { Tenancy } from '../auth/tenancy.service';
import { Clock } from '../common/clock';
import { decodeCursor, encodeCursor, invalidCursor } from '../common/page-cursor';
import type { SqlParams } from '../database/sql-params';
import { type ActivityAction, type ActivityDetails, describeActivity } from './activity-text';
import { type ActivityRow, ActivityRepository } from './activity.repository';
import type { ActivityEntryDto, ActivityPageDto } from './dto/activity-entry.dto';
import type { ListActivityQueryDto } from './dto/list-activity.dto';

const DEFAULT_LIMIT = 50;

/** The audit log of a migration: who did what, when, to which devices. */
@Injectable()
export class ActivityService {
  constructor(
    private readonly repository: ActivityRepository,
    private readonly tenancy: Tenancy,
    private readonly clock: Clock,
  ) {}

  /** Written in the same transaction as the change it records. */
  async record<A extends ActivityAction>(
    manager: EntityManager,
    scope: PartnerScope,
    entry: { migrationId: string; action: A; detail: ActivityDetails[A]; deviceIds?: readonly string[] },
  ): Promise<string> {
    return this.repository.insert(manager, {
      partnerId: scope.partnerId,
      migrationId: entry.migrationId,
      actorUserId: scope.userId,
      actorTokenId: scope.tokenId,
      at: this.clock.now(),
      action: entry.action,
      detail: entry.detail as Record<string, unknown>,
      deviceIds: entry.deviceIds,
    });
  }

  /**
   * The entry of a bulk action as SQL for the action's own statement (ActivityRepository.insertSql): who
   * and when from the scope and the clock, the affected ids and counts from the statement's CTEs.
   */
  entrySql<A extends ActivityAction>(
    p: SqlParams,
    scope: PartnerScope,
    entry: { migrationId: string; action: A; detail: Partial<ActivityDetails[A]> },
    sql: { deviceIds: string; detailExtra: string },
  ): string {
    return ActivityRepository.insertSql(
      p,
      {
        partnerId: scope.partnerId,
        migrationId: entry.migrationId,
        actorUserId: scope.userId,
        actorTokenId: scope.tokenId,
        at: this.clock.now(),
        action: entry.action,
        detail: entry.detail as Record<string, unknown>,
      },
      sql,
    );
  }

  async list(
    scope: PartnerScope,
    migrationId: string,
    query: ListActivityQueryDto,
  ): Promise<ActivityPageDto> {
    await this.tenancy.requireMigration(scope, migrationId);
    const limit = query.limit ?? DEFAULT_LIMIT;
    const before = query.cursor ? this.decode(query.cursor) : null;
    const rows = await this.repository.list(scope, migrationId, { limit: limit + 1, before });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toEntry),
      nextCursor:
        rows.length > limit && last ? encodeCursor([new Date(last.at).toISOString(), last.id]) : null,
    };
  }

  async get(scope: PartnerScope, migrationId: string, activityId: string): Promise<ActivityEntryDto> {
    const row = isUuid(activityId) ? await this.repository.get(scope, migrationId, activityId) : null;
    if (!row) throw new DomainError('NOT_FOUND', 'There is no such activity entry in this migration.');
    return toEntry(row);
  }

  private decode(cursor: string): { at: Date; id: string } {
    const [at, id] = decodeCursor(cursor, 2);
    if (Number.isNaN(Date.parse(at)) || !isUuid(id)) invalidCursor();
    return { at: new Date(at), id };
  }
}

function toEntry(row: ActivityRow): ActivityEntryDto {
  return {
    id: row.id,
    at: new Date(row.at).toISOString(),
    actor:
      row.actorUserId && row.actorEmail
        ? {
            userId: row.actorUserId,
            email: row.actorEmail,
            token: row.actorTokenId ? { id: row.actorTokenId, name: row.actorTokenName ?? '' } : null,
          }
        : null,
    action: row.action,
    detail: describeActivity(row.action, row.detail),
    data: row.detail,
    deviceCount: row.deviceCount,
    deviceIds: row.deviceIds ?? [],
  };
}
