import { randomUUID } from 'node:crypto';
import type { AgentCommand, BulkAction, DeviceStatus, PollInventory, PollResponse } from '@cutover/domain';
import request from 'supertest';
import { PartnerScope } from '../../src/auth/partner-scope';
import { distinctDeviceIds } from '../../src/devices/bulk-actions.repository';
import { BulkActionsService } from '../../src/devices/bulk-actions.service';
import type { BulkActionResponseDto } from '../../src/devices/dto/bulk-action.dto';
import { statusOf } from '../../src/lifecycle/device-state';
import { DeviceStateRepository } from '../../src/lifecycle/device-state.repository';
import { LifecycleScheduler } from '../../src/lifecycle/lifecycle.scheduler';
import { RetriesService } from '../../src/lifecycle/retries.service';
import { createTestApp, type TestApp, type TestAppOptions } from '../test-app';

/** Agent tests run without the periodic sweep: they move the clock and call sweep() when they mean it. */
export function createAgentTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  return createTestApp({ ...options, env: { LIFECYCLE_SWEEP_SECONDS: '0', DEMO: 'off', ...options.env } });
}

export const MIN = 60_000;
export const HOUR = 60 * MIN;

/** One simulated Windows PC speaking the agent protocol over HTTP. */
export class TestAgent {
  constructor(
    readonly t: TestApp,
    readonly deviceId: string,
    public token: string,
  ) {}

  static async enroll(
    t: TestApp,
    enrollmentKey: string,
    overrides: Record<string, unknown> = {},
  ): Promise<TestAgent> {
    const res = await request(t.server)
      .post('/api/agent/v1/enroll')
      .send({
        enrollmentKey,
        hostname: `PC-${Math.random().toString(36).slice(2, 8)}`,
        windowsUser: 'CONTOSO\\alice',
        userEmail: 'alice@contoso.com',
        osVersion: '10.0.19045',
        outlookVersion: '16.0.17928.20114',
        agentVersion: '1.4.2',
        ...overrides,
      })
      .expect(201);
    return new TestAgent(t, res.body.deviceId, res.body.deviceToken);
  }

  post(path: string) {
    return request(this.t.server).post(`/api/agent/v1${path}`).set('authorization', `Bearer ${this.token}`);
  }

  /** A client-part poll (D9 session defaults to unlocked and signed in). */
  async poll(
    options: {
      locked?: boolean;
      userSignedIn?: boolean;
      inventory?: PollInventory;
      waitSeconds?: number;
    } = {},
  ): Promise<PollResponse> {
    const res = await this.post(`/poll${options.waitSeconds ? `?waitSeconds=${options.waitSeconds}` : ''}`)
      .send({
        component: 'client',
        session: { locked: options.locked ?? false, userSignedIn: options.userSignedIn ?? true },
        ...(options.inventory ? { inventory: options.inventory } : {}),
      })
      .expect(200);
    return res.body;
  }

  async servicePoll(inventory?: PollInventory): Promise<PollResponse> {
    const res = await this.post('/poll')
      .send({ component: 'service', ...(inventory ? { inventory } : {}) })
      .expect(200);
    return res.body;
  }

  /** Polls and expects exactly one command. */
  async next(type?: AgentCommand['type']): Promise<AgentCommand> {
    const { commands } = await this.poll();
    expect(commands).toHaveLength(1);
    if (type) expect(commands[0].type).toBe(type);
    return commands[0];
  }

  progress(commandId: string, stage: string, percent: number) {
    return this.post(`/commands/${commandId}/progress`).send({ stage, percent });
  }

  result(commandId: string, body: { status: string; errorCode?: string; message?: string }) {
    return this.post(`/commands/${commandId}/result`).send(body);
  }

  async succeed(commandId: string): Promise<void> {
    await this.result(commandId, { status: 'succeeded' }).expect(200, { recorded: true });
  }

  async fail(commandId: string, errorCode = 'AUTODISCOVER_FAILED', message?: string): Promise<void> {
    await this.result(commandId, { status: 'failed', errorCode, ...(message ? { message } : {}) }).expect(
      200,
    );
  }

  async device(): Promise<DeviceRow> {
    return deviceRow(this.t, this.deviceId);
  }

  async events(
    type?: string,
  ): Promise<{ type: string; detail: Record<string, unknown>; at: Date; actor_user_id: string | null }[]> {
    return deviceEvents(this.t, this.deviceId, type);
  }
}

export interface DeviceRow {
  status: DeviceStatus;
  error_code: string | null;
  error_message: string | null;
  next_retry_at: Date | null;
  manual_retry_required: boolean;
  profile_created_at: Date | null;
  switched_at: Date | null;
  switch_not_before: Date | null;
  waiting_for_slot_since: Date | null;
  progress_stage: string | null;
  progress_percent: number | null;
  locked: boolean | null;
  user_signed_in: boolean | null;
  client_last_seen_at: Date | null;
  service_last_seen_at: Date | null;
  outlook_version: string | null;
  token_hash: string;
}

export async function deviceRow(t: TestApp, deviceId: string): Promise<DeviceRow> {
  const [row] = await t.db.query(`SELECT * FROM device WHERE id = $1`, [deviceId]);
  return row;
}

/** The device's timeline, oldest first (easier to read in assertions). */
export async function deviceEvents(
  t: TestApp,
  deviceId: string,
  type?: string,
): Promise<{ type: string; detail: Record<string, unknown>; at: Date; actor_user_id: string | null }[]> {
  return t.db.query(
    `SELECT type, detail, at, actor_user_id FROM device_event WHERE device_id = $1 AND ($2::text IS NULL OR type = $2)
     ORDER BY at, id`,
    [deviceId, type ?? null],
  );
}

export async function commandsOf(
  t: TestApp,
  deviceId: string,
): Promise<
  {
    id: string;
    type: string;
    state: string;
    source: string;
    available_at: Date;
    delivery_count: number;
    created_by: string | null;
  }[]
> {
  return t.db.query(`SELECT * FROM command WHERE device_id = $1 ORDER BY created_at, id`, [deviceId]);
}

export async function openAlerts(t: TestApp, deviceId: string): Promise<string[]> {
  const rows: { code: string }[] = await t.db.query(
    `SELECT code FROM alert WHERE device_id = $1 AND cleared_at IS NULL ORDER BY code`,
    [deviceId],
  );
  return rows.map((r) => r.code);
}

export function sweep(t: TestApp) {
  return t.app.get(LifecycleScheduler).runOnce();
}

/** The partner changes on the lifecycle (D4 reschedules, setting changes), called in a test's transaction. */
export function lifecycle(t: TestApp): RetriesService {
  return t.app.get(RetriesService);
}

/**
 * D5, D14: the Devices tab's bulk action (BulkActionsService, its own transaction), as `actorUserId` or as
 * a user of the migration's partner (created if the partner has none).
 */
export async function bulkRetry(
  t: TestApp,
  input: { migrationId: string; deviceIds: string[]; actorUserId?: string | null; action?: BulkAction },
): Promise<BulkActionResponseDto> {
  const [{ partnerId }] = await t.db.query(`SELECT partner_id AS "partnerId" FROM migration WHERE id = $1`, [
    input.migrationId,
  ]);
  let userId = input.actorUserId ?? null;
  if (userId === null) {
    const [user] = await t.db.query(
      `SELECT id FROM app_user WHERE partner_id = $1 ORDER BY created_at LIMIT 1`,
      [partnerId],
    );
    userId =
      user?.id ??
      (
        await t.db.query(
          `INSERT INTO app_user (partner_id, email, password_hash) VALUES ($1, $2, 'not-a-hash') RETURNING id`,
          [partnerId, `ops-${randomUUID()}@example.com`],
        )
      )[0].id;
  }
  const scope = PartnerScope.ofSession({ partnerId, userId: userId!, sessionId: randomUUID() });
  const result = await t.app
    .get(BulkActionsService)
    .run(scope, input.migrationId, input.action ?? 'retry-profile-creation', {
      deviceIds: distinctDeviceIds(input.deviceIds),
    });
  return JSON.parse(result.body.toString('utf8')) as BulkActionResponseDto;
}

/**
 * The stored status of every device whose status time can still change equals deriveDeviceStatus of
 * its state right now: the invariant the Devices tab relies on (after a sweep for time-driven ones).
 * Scope it to the test's migration when tests move the clock back and forth.
 */
export async function expectStatusesConsistent(t: TestApp, migrationId?: string): Promise<void> {
  const states = await t.app
    .get(DeviceStateRepository, { strict: false })
    .activeStatesPage(t.db.manager, { afterId: null, limit: 100_000, lock: false, migrationId });
  const now = t.clock.now();
  const wrong = states
    .map((s) => ({ id: s.id, stored: s.status, derived: statusOf(s, now) }))
    .filter((s) => s.stored !== s.derived);
  expect(wrong).toEqual([]);
}
