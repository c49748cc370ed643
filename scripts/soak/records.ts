import type { Client } from 'pg';
import { groupBy } from './collections';
import { iso } from './report';

/** The server's record of the soak's migration, read in SQL for the checks. */

export interface DeliveryEvent {
  at: Date;
  deviceId: string;
  commandId: string;
  deliveryCount: number;
  leaseExpiresAt: Date;
}

export interface CommandRow {
  id: string;
  device_id: string;
  type: 'CREATE_PROFILE' | 'SWITCH_PROFILE';
  state: string;
  delivery_count: number;
  issued_at: Date | null;
  lease_expires_at: Date | null;
  available_at: Date;
  result_status: string | null;
  error_code: string | null;
  completed_at: Date | null;
}

export interface DeviceRow {
  id: string;
  hostname: string;
  status: string;
  profile_created_at: Date | null;
  switched_at: Date | null;
  error_code: string | null;
  switch_not_before: Date | null;
  /** D5, D14: a partner's retry request the device has not taken yet. */
  retry_requested_at: Date | null;
  /** D13, D15: whether CREATE_PROFILE has an address (mapped mailbox, user email or a UPN-shaped user). */
  mailbox_known: boolean;
  last_event_at: Date | null;
}

interface EventRow {
  at: Date;
  device_id: string;
  type: string;
  detail: Record<string, unknown>;
}

/** The simulated devices' rows (the excluded ones and their commands and events left out). */
export interface Records {
  migration: { cutover_at: Date };
  devices: DeviceRow[];
  deviceById: Map<string, DeviceRow>;
  commands: CommandRow[];
  commandById: Map<string, CommandRow>;
  deliveries: DeliveryEvent[];
  /** The command_delivered events of each command, oldest first. */
  deliveriesByCommand: Map<string, DeliveryEvent[]>;
  /** The progress events of each command, oldest first. */
  progressByCommand: Map<string, EventRow[]>;
}

export async function readRecords(
  db: Client,
  migrationId: string,
  excludeDeviceIds: ReadonlySet<string>,
): Promise<Records> {
  const [migration] = (
    await db.query<{ cutover_at: Date }>(`SELECT cutover_at FROM migration WHERE id = $1`, [migrationId])
  ).rows;
  const devices = (
    await db.query<DeviceRow>(
      `SELECT d.id, d.hostname, d.status, d.profile_created_at, d.switched_at, d.error_code, d.switch_not_before,
              r.requested_at AS retry_requested_at,
              (d.mailbox IS NOT NULL OR d.user_email IS NOT NULL OR d.windows_user ~ '[^\\\\]+@[^@]+\\.[^@]+$') AS mailbox_known,
              GREATEST((SELECT max(e.at) FROM device_event e WHERE e.device_id = d.id), r.requested_at) AS last_event_at
         FROM device d LEFT JOIN retry_request r ON r.device_id = d.id WHERE d.migration_id = $1`,
      [migrationId],
    )
  ).rows.filter((d) => !excludeDeviceIds.has(d.id));
  const deviceById = new Map(devices.map((d) => [d.id, d]));
  const commands = (
    await db.query<CommandRow>(
      `SELECT id, device_id, type, state, delivery_count, issued_at, lease_expires_at, available_at,
              result_status, error_code, completed_at
         FROM command WHERE migration_id = $1`,
      [migrationId],
    )
  ).rows.filter((c) => deviceById.has(c.device_id));
  const events = (
    await db.query<EventRow>(
      `SELECT at, device_id, type, detail FROM device_event
        WHERE migration_id = $1 AND type IN ('command_delivered', 'progress')
        ORDER BY at, id`,
      [migrationId],
    )
  ).rows.filter((e) => deviceById.has(e.device_id));
  const deliveries: DeliveryEvent[] = events
    .filter((e) => e.type === 'command_delivered')
    .map((e) => ({
      at: e.at,
      deviceId: e.device_id,
      commandId: String(e.detail.commandId),
      deliveryCount: Number(e.detail.deliveryCount),
      leaseExpiresAt: new Date(String(e.detail.leaseExpiresAt)),
    }));
  return {
    migration,
    devices,
    deviceById,
    commands,
    commandById: new Map(commands.map((c) => [c.id, c])),
    deliveries,
    deliveriesByCommand: groupBy(deliveries, (d) => d.commandId),
    progressByCommand: groupBy(
      events.filter((e) => e.type === 'progress'),
      (e) => String(e.detail.commandId),
    ),
  };
}

/** The device's timeline, oldest first, for evidence next to a finding. */
export async function timeline(db: Client, deviceId: string, limit = 40): Promise<string[]> {
  const rows = (
    await db.query<{ at: Date; type: string; detail: unknown }>(
      `SELECT at, type, detail FROM (
         SELECT at, id, type, detail FROM device_event WHERE device_id = $1 ORDER BY at DESC, id DESC LIMIT $2
       ) e ORDER BY at, id`,
      [deviceId, limit],
    )
  ).rows;
  return rows.map((r) => `${iso(r.at)} ${r.type} ${JSON.stringify(r.detail)}`);
}
