import {
  type CommandSource,
  type CommandState,
  type CommandType,
  type CreateProfilePayload,
  type ProgressStage,
  type ResultStatus,
  type SwitchProfilePayload,
} from '@cutover/domain';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { queryRows } from '../database/query-rows';

/** Fixed at the first delivery from the device's data (empty while a command was never delivered). */
export type CommandPayload = Partial<CreateProfilePayload> & Partial<SwitchProfilePayload>;

export interface CommandRow {
  id: string;
  deviceId: string;
  migrationId: string;
  type: CommandType;
  payload: CommandPayload;
  state: CommandState;
  source: CommandSource;
  availableAt: Date;
  createdAt: Date;
  issuedAt: Date | null;
  leaseExpiresAt: Date | null;
  deliveryCount: number;
  progressStage: ProgressStage | null;
  progressPercent: number | null;
  resultStatus: ResultStatus | null;
  errorCode: string | null;
  resultMessage: string | null;
}

/** The command columns as CommandRow fields; `alias` is the command table's alias in the query. */
export function commandColumns(alias: string, prefix = ''): string {
  const c = (column: string, field: string) => `${alias}.${column} AS "${prefix}${field}"`;
  return [
    c('id', 'id'),
    c('device_id', 'deviceId'),
    c('migration_id', 'migrationId'),
    c('type', 'type'),
    c('payload', 'payload'),
    c('state', 'state'),
    c('source', 'source'),
    c('available_at', 'availableAt'),
    c('created_at', 'createdAt'),
    c('issued_at', 'issuedAt'),
    c('lease_expires_at', 'leaseExpiresAt'),
    c('delivery_count', 'deliveryCount'),
    c('progress_stage', 'progressStage'),
    c('progress_percent', 'progressPercent'),
    c('result_status', 'resultStatus'),
    c('error_code', 'errorCode'),
    c('result_message', 'resultMessage'),
  ].join(', ');
}

export interface ExpiredLease {
  id: string;
  deviceId: string;
  migrationId: string;
  type: CommandType;
  deliveryCount: number;
}

/** A command is outstanding while queued or delivered: at most one per device (command_one_outstanding_key). */
const OUTSTANDING = `state IN ('queued', 'delivered')`;
/** Deliverable now: queued and available, or delivered with its lease run out (delivery is at least once). */
const DELIVERABLE = `((state = 'queued' AND available_at <= $2) OR (state = 'delivered' AND lease_expires_at <= $2))`;

/**
 * The per-device command queue. Callers hold the device row lock (the lifecycle locks the device
 * first in every transaction), which serialises two polls of one device; the claim is additionally
 * a conditional UPDATE, so a command whose lease is running is never handed out twice, whatever
 * process or transaction asks.
 */
@Injectable()
export class CommandsRepository {
  /**
   * Claims a deliverable command: leases it until leaseExpiresAt. The payload is fixed at the first
   * delivery (from the device's data at that moment) and stays the same on re-deliveries.
   */
  async claim(
    manager: EntityManager,
    input: {
      commandId: string;
      now: Date;
      leaseExpiresAt: Date;
      payload: CommandPayload;
      /** D5, D14: a partner's request brings a retry queued for later forward to now. */
      bringForward?: boolean;
    },
  ): Promise<CommandRow | null> {
    const rows = await queryRows<CommandRow>(
      manager,
      `UPDATE command SET
         state = 'delivered',
         available_at = CASE WHEN $5 THEN LEAST(available_at, $2) ELSE available_at END,
         issued_at = COALESCE(issued_at, $2),
         lease_expires_at = $3,
         delivery_count = delivery_count + 1,
         payload = CASE WHEN delivery_count = 0 THEN $4::jsonb ELSE payload END
       WHERE id = $1 AND (${DELIVERABLE} OR ($5 AND state = 'queued'))
       RETURNING ${commandColumns('command')}`,
      [
        input.commandId,
        input.now,
        input.leaseExpiresAt,
        JSON.stringify(input.payload),
        input.bringForward ?? false,
      ],
    );
    return rows[0] ?? null;
  }

  /**
   * Queues and delivers in one step (the first CREATE_PROFILE, D4; the switch, D7). Nothing happens
   * when another command is outstanding, or, with onlyIfFirstOfType, when the device ever had one.
   */
  async insertDelivered(
    manager: EntityManager,
    input: {
      deviceId: string;
      migrationId: string;
      type: CommandType;
      payload: CommandPayload;
      now: Date;
      leaseExpiresAt: Date;
      source: CommandSource;
      createdBy: string | null;
      onlyIfFirstOfType: boolean;
    },
  ): Promise<CommandRow | null> {
    const rows = await queryRows<CommandRow>(
      manager,
      `INSERT INTO command
         (device_id, migration_id, type, payload, state, source, created_by, available_at, created_at, issued_at, lease_expires_at, delivery_count)
       SELECT $1, $2, $3, $4::jsonb, 'delivered', $8, $9, $5, $5, $5, $6, 1
       WHERE NOT ($7 AND EXISTS (SELECT 1 FROM command WHERE device_id = $1 AND type = $3))
       ON CONFLICT (device_id) WHERE ${OUTSTANDING} DO NOTHING
       RETURNING ${commandColumns('command')}`,
      [
        input.deviceId,
        input.migrationId,
        input.type,
        JSON.stringify(input.payload),
        input.now,
        input.leaseExpiresAt,
        input.onlyIfFirstOfType,
        input.source,
        input.createdBy,
      ],
    );
    return rows[0] ?? null;
  }

  /** Queues CREATE_PROFILE for devices of one migration (set-based); devices with an outstanding command are left out. */
  async queueCreateProfile(
    manager: EntityManager,
    input: {
      migrationId: string;
      deviceIds: readonly string[];
      source: CommandSource;
      availableAt: readonly Date[];
      now: Date;
      createdBy: string | null;
    },
  ): Promise<{ id: string; deviceId: string; availableAt: Date }[]> {
    if (input.deviceIds.length === 0) return [];
    return queryRows(
      manager,
      `INSERT INTO command (device_id, migration_id, type, source, available_at, created_at, created_by)
       SELECT q.device_id, $6, 'CREATE_PROFILE', $2, q.available_at, $4, $5
       FROM unnest($1::uuid[], $3::timestamptz[]) AS q(device_id, available_at)
       ON CONFLICT (device_id) WHERE ${OUTSTANDING} DO NOTHING
       RETURNING id, device_id AS "deviceId", available_at AS "availableAt"`,
      [input.deviceIds, input.source, input.availableAt, input.now, input.createdBy, input.migrationId],
    );
  }

  /**
   * D5: a manual CREATE_PROFILE, available now, for each device (set-based). The caller holds the
   * devices' rows and has made way (no outstanding command), so this is a plain INSERT.
   */
  async queueManualRetries(
    manager: EntityManager,
    input: { migrationId: string; deviceIds: readonly string[]; now: Date; createdBy: string | null },
  ): Promise<{ id: string; deviceId: string }[]> {
    if (input.deviceIds.length === 0) return [];
    return queryRows(
      manager,
      `INSERT INTO command (device_id, migration_id, type, source, available_at, created_at, created_by)
       SELECT id, $2, 'CREATE_PROFILE', 'manual', $3, $3, $4 FROM unnest($1::uuid[]) AS id
       RETURNING id, device_id AS "deviceId"`,
      [input.deviceIds, input.migrationId, input.now, input.createdBy],
    );
  }

  /** The command if it belongs to the device, locked for this transaction. */
  async lockForDevice(
    manager: EntityManager,
    commandId: string,
    deviceId: string,
  ): Promise<CommandRow | null> {
    const rows = await queryRows<CommandRow>(
      manager,
      `SELECT ${commandColumns('c')} FROM command c WHERE c.id = $1 AND c.device_id = $2 FOR UPDATE`,
      [commandId, deviceId],
    );
    return rows[0] ?? null;
  }

  /** A progress report: stage, percent and a fresh lease; a command whose lease had run out is running again. */
  async recordProgress(
    manager: EntityManager,
    input: { commandId: string; stage: ProgressStage; percent: number; leaseExpiresAt: Date },
  ): Promise<void> {
    await manager.query(
      `UPDATE command SET state = 'delivered', progress_stage = $2, progress_percent = $3, lease_expires_at = $4
       WHERE id = $1 AND ${OUTSTANDING}`,
      [input.commandId, input.stage, input.percent, input.leaseExpiresAt],
    );
  }

  async recordResult(
    manager: EntityManager,
    input: {
      commandId: string;
      status: ResultStatus;
      errorCode: string | null;
      message: string | null;
      now: Date;
    },
  ): Promise<void> {
    await manager.query(
      `UPDATE command SET state = $2, result_status = $2, error_code = $3, result_message = $4, completed_at = $5,
         lease_expires_at = NULL
       WHERE id = $1`,
      [input.commandId, input.status, input.errorCode, input.message, input.now],
    );
  }

  /** Commands whose lease ran out with no result, locked for this transaction (others' locked rows are skipped). */
  async lockExpiredLeases(manager: EntityManager, now: Date, limit: number): Promise<ExpiredLease[]> {
    return queryRows(
      manager,
      `SELECT id, device_id AS "deviceId", migration_id AS "migrationId", type, delivery_count AS "deliveryCount"
       FROM command WHERE state = 'delivered' AND lease_expires_at <= $1
       ORDER BY lease_expires_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now, limit],
    );
  }

  /** These expired leases go back to the queue (same command id: delivery is at least once). */
  async requeue(manager: EntityManager, commandIds: readonly string[]): Promise<void> {
    if (commandIds.length === 0) return;
    await manager.query(
      `UPDATE command SET state = 'queued' WHERE id = ANY($1::uuid[]) AND state = 'delivered'`,
      [commandIds],
    );
  }

  /** D5: the scheduled automatic retries of these devices make way for a manual one. */
  async supersedeScheduledRetries(
    manager: EntityManager,
    deviceIds: readonly string[],
    now: Date,
  ): Promise<{ id: string; deviceId: string }[]> {
    if (deviceIds.length === 0) return [];
    return queryRows(
      manager,
      `UPDATE command SET state = 'superseded', completed_at = $2
       WHERE device_id = ANY($1::uuid[]) AND type = 'CREATE_PROFILE' AND state = 'queued' AND available_at > $2
       RETURNING id, device_id AS "deviceId"`,
      [deviceIds, now],
    );
  }

  /** D4: moves scheduled retries to new times (after a cutover change). */
  async moveScheduledRetries(
    manager: EntityManager,
    commandIds: readonly string[],
    availableAt: readonly Date[],
  ): Promise<void> {
    if (commandIds.length === 0) return;
    await manager.query(
      `UPDATE command c SET available_at = m.available_at
       FROM unnest($1::uuid[], $2::timestamptz[]) AS m(id, available_at)
       WHERE c.id = m.id AND c.state = 'queued'`,
      [commandIds, availableAt],
    );
  }

  /** D4: scheduled retries the rule no longer allows (a cutover change) are dropped. */
  async expireScheduledRetries(
    manager: EntityManager,
    commandIds: readonly string[],
    now: Date,
  ): Promise<void> {
    if (commandIds.length === 0) return;
    await manager.query(
      `UPDATE command SET state = 'expired', completed_at = $2 WHERE id = ANY($1::uuid[]) AND state = 'queued'`,
      [commandIds, now],
    );
  }
}
