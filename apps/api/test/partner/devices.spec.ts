import { createTestApp, type TestApp } from '../test-app';
import { seedDeviceList } from './device-list-fixture';
import { addEvent, createMigration, makeDevices, type Partner, signUp } from './factories';

// app start, scrypt hashes and 100k-row fixtures outlast jest's 5 s default (testTimeout is not a per-project option)
jest.setTimeout(60_000);

describe('partner API: the device list and device detail', () => {
  let t: TestApp;
  let p: Partner;
  let migration: { id: string; partnerId: string };
  let ids: string[];

  beforeAll(async () => {
    t = await createTestApp();
    p = await signUp(t);
    ({ migration, ids } = await seedDeviceList(t, p));
  });
  afterAll(async () => {
    await t.close();
  });

  const list = (query: Record<string, string | number> = {}) =>
    p.agent.get(`/api/migrations/${migration.id}/devices`).query(query).expect(200);
  const hostnames = (body: { items: { hostname: string }[] }) => body.items.map((d) => d.hostname);

  it('lists devices sorted by hostname, case-insensitively, with the total', async () => {
    const res = await list();
    expect(hostnames(res.body)).toEqual(['LAPTOP-7', 'PC-0001', 'pc-0002', 'PC-0003', 'PC-0005', 'PC_100%']);
    expect(res.body.total).toBe(6);
    expect(res.body.nextCursor).toBeNull();
  });

  it('answers each device exactly as the contract says (D2 online, D6 error, open alerts)', async () => {
    const res = await list({ q: 'pc-0002' });
    expect(res.body.items).toHaveLength(1);
    const device = res.body.items[0];
    expect(Object.keys(device).sort()).toEqual(
      [
        'id',
        'migrationId',
        'hostname',
        'windowsUser',
        'userEmail',
        'status',
        'online',
        'lastSeenAt',
        'clientLastSeenAt',
        'serviceLastSeenAt',
        'locked',
        'outlookVersion',
        'error',
        'nextRetryAt',
        'manualRetryRequired',
        'progress',
        'alerts',
        // v1.1 (D15, D17, D11)
        'mailbox',
        'pendingCommand',
        'queuePosition',
        // additions beyond the contract
        'userSignedIn',
        'agentVersion',
        'osVersion',
        'enrolledAt',
      ].sort(),
    );
    expect(device).toMatchObject({
      id: ids[1],
      migrationId: migration.id,
      hostname: 'pc-0002',
      windowsUser: 'CONTOSO\\bob',
      userEmail: 'bob@contoso.com',
      status: 'profile_failed',
      mailbox: 'bob@contoso.com', // D15: no mapping, the userEmail
      pendingCommand: null,
      queuePosition: null,
      online: true, // D2: 5 min ago, within 3 × 120 s
      serviceLastSeenAt: null,
      locked: false,
      outlookVersion: '16.0.4266.1001',
      nextRetryAt: new Date(t.clock.now().getTime() + 39 * 60_000).toISOString(),
      manualRetryRequired: false,
      progress: null,
    });
    expect(device.error).toEqual({
      code: 'AUTODISCOVER_FAILED',
      message: expect.stringContaining('Detail: autodiscover.contoso.com did not answer'),
      action: expect.any(String),
      troubleshootingUrl: '/troubleshooting/AUTODISCOVER_FAILED',
    });
    // cleared alerts are gone; open ones oldest first
    expect(device.alerts.map((a: { code: string }) => a.code)).toEqual([
      'OUTLOOK_OUTDATED',
      'SERVICE_UNREACHABLE',
    ]);
    expect(device.alerts[0]).toMatchObject({
      troubleshootingUrl: '/troubleshooting/OUTLOOK_OUTDATED',
      message: expect.any(String),
    });
  });

  it('D2: a device not seen for more than 3 poll intervals is offline; unknown error codes keep their code (D6)', async () => {
    const res = await list({ status: 'switching,profile_failed' });
    const byHost = Object.fromEntries(res.body.items.map((d: { hostname: string }) => [d.hostname, d]));
    expect(byHost['LAPTOP-7']).toMatchObject({
      online: false,
      progress: { stage: 'transferring_data', percent: 42 },
      error: null,
      userEmail: null,
    });
    expect(byHost['PC-0005'].error).toMatchObject({
      code: 'WEIRD_NEW_CODE',
      troubleshootingUrl: '/troubleshooting/UNKNOWN_ERROR',
    });
    expect(byHost['PC-0005'].manualRetryRequired).toBe(true);
  });

  it('filters by one or several statuses, by error, and combines filters', async () => {
    expect(hostnames((await list({ status: 'profile_failed' })).body)).toEqual(['pc-0002', 'PC-0005']);
    const several = await list({ status: 'completed,switch_failed' });
    expect(hostnames(several.body)).toEqual(['PC-0001', 'PC-0003']);
    expect(several.body.total).toBe(2);
    expect(hostnames((await list({ hasError: 'true' })).body)).toEqual(['pc-0002', 'PC-0003', 'PC-0005']);
    expect(hostnames((await list({ hasError: 'false' })).body)).toEqual(['LAPTOP-7', 'PC-0001', 'PC_100%']);
    expect(hostnames((await list({ hasError: 'true', status: 'switch_failed' })).body)).toEqual(['PC-0003']);
  });

  it('searches by prefix of hostname, Windows user (with or without domain) or email, case-insensitively', async () => {
    expect(hostnames((await list({ q: 'pc-000' })).body)).toEqual([
      'PC-0001',
      'pc-0002',
      'PC-0003',
      'PC-0005',
    ]);
    expect(hostnames((await list({ q: 'contoso\\CAR' })).body)).toEqual(['PC-0003']);
    expect(hostnames((await list({ q: 'al' })).body)).toEqual(['LAPTOP-7', 'PC-0001']); // alan (user), alice (user + email)
    expect(hostnames((await list({ q: 'BOB@' })).body)).toEqual(['pc-0002']);
    expect(hostnames((await list({ q: '0001' })).body)).toEqual([]); // a prefix, not a substring
    // % and _ are literal characters, not wildcards
    expect(hostnames((await list({ q: 'pc_' })).body)).toEqual(['PC_100%']);
    expect(hostnames((await list({ q: '%' })).body)).toEqual([]);
    expect((await list({ q: '   ' })).body.total).toBe(6);
  });

  it('rejects bad filters and limits with 400 naming the field', async () => {
    for (const [query, field] of [
      [{ status: 'exploded' }, 'status'],
      [{ hasError: 'maybe' }, 'hasError'],
      [{ limit: 0 }, 'limit'],
      [{ limit: 501 }, 'limit'],
      [{ limit: 'ten' }, 'limit'],
      [{ cursor: 'garbage' }, 'cursor'],
      [{ cursor: Buffer.from('["a","not-a-uuid"]').toString('base64url') }, 'cursor'],
    ] as const) {
      const res = await p.agent.get(`/api/migrations/${migration.id}/devices`).query(query).expect(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    }
  });

  it('404s an unknown or malformed migration id', async () => {
    await p.agent.get(`/api/migrations/00000000-0000-4000-8000-000000000000/devices`).expect(404);
    const res = await p.agent.get(`/api/migrations/not-a-uuid/devices`).expect(404);
    expect(res.body.error.code).toBe('MIGRATION_NOT_FOUND');
  });

  describe('keyset pagination', () => {
    let big: { id: string; partnerId: string };
    beforeAll(async () => {
      const m = await createMigration(p, { customerName: 'Paging' });
      big = { id: m.id, partnerId: p.partnerId };
      // hostnames that sort differently by case and share a lower-case form
      await makeDevices(
        t.db,
        big,
        Array.from({ length: 45 }, (_, i) => ({
          hostname: i % 3 === 0 ? `pc-${String(i).padStart(3, '0')}` : `PC-${String(i).padStart(3, '0')}`,
          windowsUser: `CONTOSO\\u${i}`,
        })),
      );
      await makeDevices(t.db, big, [
        { hostname: 'SAME', windowsUser: 'CONTOSO\\x1' },
        { hostname: 'same', windowsUser: 'CONTOSO\\x2' },
        { hostname: 'Same', windowsUser: 'CONTOSO\\x3' },
      ]);
    });

    async function walk(
      limit: number,
      between?: (page: number) => Promise<void>,
    ): Promise<{ ids: string[]; totals: number[] }> {
      const seen: string[] = [];
      const totals: number[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < 100; page += 1) {
        const query: Record<string, string | number> = { limit };
        if (cursor) query.cursor = cursor;
        const res = await p.agent.get(`/api/migrations/${big.id}/devices`).query(query).expect(200);
        seen.push(...res.body.items.map((d: { id: string }) => d.id));
        totals.push(res.body.total);
        cursor = res.body.nextCursor;
        if (!cursor) break;
        await between?.(page);
      }
      return { ids: seen, totals };
    }

    it('walks every device exactly once, in order, page by page', async () => {
      const all = (await p.agent.get(`/api/migrations/${big.id}/devices`).query({ limit: 500 }).expect(200))
        .body;
      expect(all.total).toBe(48);
      const { ids: walked } = await walk(7);
      expect(walked).toEqual(all.items.map((d: { id: string }) => d.id));
      const lower = all.items.map((d: { hostname: string }) => d.hostname.toLowerCase());
      expect([...lower].sort()).toEqual(lower);
    });

    it('neither skips nor repeats a device while devices are added between pages', async () => {
      const before = (
        await p.agent.get(`/api/migrations/${big.id}/devices`).query({ limit: 500 }).expect(200)
      ).body.items.map((d: { id: string }) => d.id);
      let added = 0;
      const { ids: walked, totals } = await walk(5, async (page) => {
        // new devices land before, inside and after the pages already read
        const made = await makeDevices(t.db, big, [
          { hostname: `A-new-${page}`, windowsUser: `n${page}a` },
          { hostname: `pc-010-new-${page}`, windowsUser: `n${page}b` },
          { hostname: `Z-new-${page}`, windowsUser: `n${page}c` },
        ]);
        added += made.length;
      });
      expect(new Set(walked).size).toBe(walked.length); // no repeats
      for (const id of before) expect(walked).toContain(id); // no skips
      expect(totals[totals.length - 1]).toBe(before.length + added);
    });
  });

  describe('device detail', () => {
    it('returns the device with its timeline, newest first, and partner actions with who did them', async () => {
      const device = { id: ids[1], migrationId: migration.id };
      const t0 = t.clock.now().getTime();
      await addEvent(t.db, device, 'enrolled', new Date(t0 - 3_600_000), {
        hostname: 'pc-0002',
        windowsUser: 'CONTOSO\\bob',
        userEmail: null,
        agentVersion: '1.4.2',
      });
      await addEvent(t.db, device, 'command_failed', new Date(t0 - 60_000), {
        commandId: 'c1',
        commandType: 'CREATE_PROFILE',
        errorCode: 'AUTODISCOVER_FAILED',
        message: null,
      });
      await t.db.query(
        `INSERT INTO device_event (device_id, migration_id, at, type, detail, actor_user_id) VALUES ($1, $2, $3, 'retry_requested', $4, $5)`,
        [
          device.id,
          device.migrationId,
          new Date(t0),
          JSON.stringify({ commandId: 'c2', supersededCommandId: null }),
          p.userId,
        ],
      );
      const res = await p.agent.get(`/api/devices/${device.id}`).expect(200);
      expect(res.body).toMatchObject({ id: device.id, hostname: 'pc-0002', status: 'profile_failed' });
      expect(res.body.alerts).toHaveLength(2);
      expect(res.body.events.map((e: { type: string }) => e.type)).toEqual([
        'retry_requested',
        'command_failed',
        'enrolled',
      ]);
      expect(res.body.events[0]).toEqual({
        at: new Date(t0).toISOString(),
        type: 'retry_requested',
        detail: expect.any(String),
        data: { commandId: 'c2', supersededCommandId: null },
        actor: { userId: p.userId, email: p.email },
      });
      expect(res.body.events[1].detail).toContain('AUTODISCOVER_FAILED');
      expect(res.body.events[2].actor).toBeNull();
    });

    it('404s an unknown device id (DEVICE_NOT_FOUND)', async () => {
      const res = await p.agent.get('/api/devices/00000000-0000-4000-8000-000000000000').expect(404);
      expect(res.body.error.code).toBe('DEVICE_NOT_FOUND');
      await p.agent.get('/api/devices/42').expect(404);
    });
  });
});
