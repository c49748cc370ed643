import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AGENT_WAKE_CHANNEL, DEVICE_IDS_PER_NOTIFY, type SignalKind } from './command-notifier';

/**
 * The NOTIFYs every API process listens to (CommandNotifier), sent inside the caller's transaction so
 * that they arrive only if, and right after, it commits. Every write path that changes what a device
 * should do next sends one: held long polls look again, and cached device states are dropped.
 */
@Injectable()
export class SignalsRepository {
  /** These devices changed (a command queued, a result, an alert, a re-enrollment, a status). */
  async devicesChanged(manager: EntityManager, deviceIds: readonly string[]): Promise<void> {
    if (deviceIds.length === 0) return;
    const kind: SignalKind = 'd';
    await manager.query(
      `SELECT pg_notify($1, $4 || ':' || string_agg(id::text, ',')) FROM (
         SELECT id, (row_number() OVER () - 1) / $3 AS batch FROM unnest($2::uuid[]) AS id
       ) ids GROUP BY batch`,
      [AGENT_WAKE_CHANNEL, deviceIds, DEVICE_IDS_PER_NOTIFY, kind],
    );
  }

  /** A migration changed (cutover, transfer cap, poll interval): every device of it looks again. */
  async migrationsChanged(manager: EntityManager, migrationIds: readonly string[]): Promise<void> {
    await this.each(manager, 'm', migrationIds);
  }

  /** D11: a transfer slot of these migrations freed up: their held polls look again (no device changed). */
  async slotsFreed(manager: EntityManager, migrationIds: readonly string[]): Promise<void> {
    await this.each(manager, 's', migrationIds);
  }

  private async each(manager: EntityManager, kind: SignalKind, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await manager.query(`SELECT pg_notify($1, $3 || ':' || id::text) FROM unnest($2::uuid[]) AS id`, [
      AGENT_WAKE_CHANNEL,
      ids,
      kind,
    ]);
  }
}
