import { SWITCH_DELAY_AFTER_CUTOVER_MS } from '@cutover/domain';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { queryRows } from '../database/query-rows';
import { SETTLED_STATUSES, onlineSinceSql } from './device-state.repository';

/** D7 from the same constant as libs/domain's switchDueAt. */
const SWITCH_DELAY = `make_interval(secs => ${SWITCH_DELAY_AFTER_CUTOVER_MS / 1000})`;

/** SQL of the time sweep: which devices a moment may have changed. */
@Injectable()
export class SweepRepository {
  /**
   * Devices whose status a moment in (since, now] may have changed by time alone: a queued command
   * (retry) fell due, a lease ran out, a deferral ended (D8), C + 10 min passed (D7), or the client
   * part stopped polling long enough to count as offline (D2, D9).
   */
  async timeDrivenCandidates(manager: EntityManager, input: { since: Date; now: Date }): Promise<string[]> {
    const rows = await queryRows<{ id: string }>(
      manager,
      `SELECT d.id FROM device d JOIN migration m ON m.id = d.migration_id
       WHERE d.status NOT IN ${SETTLED_STATUSES} AND (
         (d.client_last_seen_at > ${onlineSinceSql('$1')} AND d.client_last_seen_at <= ${onlineSinceSql('$2')})
         OR (d.switch_not_before > $1 AND d.switch_not_before <= $2)
         OR (m.cutover_at > $1::timestamptz - ${SWITCH_DELAY} AND m.cutover_at <= $2::timestamptz - ${SWITCH_DELAY}))
       UNION
       SELECT device_id FROM command WHERE state = 'queued' AND available_at > $1 AND available_at <= $2
       UNION
       SELECT device_id FROM command WHERE state = 'delivered' AND lease_expires_at > $1 AND lease_expires_at <= $2`,
      [input.since, input.now],
    );
    return rows.map((r) => r.id);
  }
}
