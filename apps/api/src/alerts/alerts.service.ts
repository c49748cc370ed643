import { type AlertCode, describeError, READINESS_ALERT_CODES } from '@cutover/domain';
import { Injectable } from '@nestjs/common';
import type { PartnerScope } from '../auth/partner-scope';
import { Tenancy } from '../auth/tenancy.service';
import {
  ALERTS_LIMIT_DEFAULT,
  type AlertCountsDto,
  type ListAlertsQueryDto,
  type MigrationAlertsDto,
} from './dto/migration-alerts.dto';
import { MigrationAlertsRepository } from './migration-alerts.repository';

/** D3: "check for last-minute alerts before cutover": the open alerts of a migration, with counts per code. */
@Injectable()
export class AlertsService {
  constructor(
    private readonly repository: MigrationAlertsRepository,
    private readonly tenancy: Tenancy,
  ) {}

  async list(
    scope: PartnerScope,
    migrationId: string,
    query: ListAlertsQueryDto,
  ): Promise<MigrationAlertsDto> {
    await this.tenancy.requireMigration(scope, migrationId);
    const codes = query.code?.length ? query.code : null;
    const [rows, byCode] = await Promise.all([
      this.repository.listOpen(scope, migrationId, codes, query.limit ?? ALERTS_LIMIT_DEFAULT),
      this.repository.countOpenByCode(scope, migrationId),
    ]);
    const counts = Object.fromEntries(
      READINESS_ALERT_CODES.map((c) => [c, byCode.get(c) ?? 0]),
    ) as unknown as AlertCountsDto;
    const total = (codes ?? [...byCode.keys()]).reduce(
      (sum, c) => sum + (byCode.get(c as AlertCode) ?? 0),
      0,
    );
    return {
      items: rows.map((r) => {
        const described = describeError(r.code, r.detail);
        return {
          deviceId: r.deviceId,
          hostname: r.hostname,
          code: r.code,
          message: described.message,
          action: described.action,
          troubleshootingUrl: described.troubleshootingUrl,
          raisedAt: new Date(r.raisedAt).toISOString(),
        };
      }),
      total,
      counts,
    };
  }
}
