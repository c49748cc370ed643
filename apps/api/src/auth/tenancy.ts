import type { SqlParams } from '../database/sql-params';
import type { PartnerScope } from './partner-scope';

/**
 * The tenancy fragment: every partner query over a table with a partner_id column includes it
 * (devices, migrations, activity; alerts and events are reached through a scoped device or migration).
 * Rows of another partner are then simply absent, so a foreign id answers exactly like a missing one.
 */
export function scopedToPartner(p: SqlParams, alias: string, scope: PartnerScope): string {
  return `${alias}.partner_id = ${p.add(scope.partnerId)}`;
}
