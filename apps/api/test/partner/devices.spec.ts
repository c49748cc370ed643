import { createTestApp, type TestApp } from '../test-app';
import { addEvent, createMigration, makeDevices, type Partner, raiseAlert, signUp } from './factories';

// app start, scrypt hashes and 100k-row fixtures outlast jest's 5 s default (testTimeout is not a per-project option)
jest.setTimeout(60_000);

describe('partner API: the device list, device detail, CSV export', () => {
  let t: TestApp;
  let p: Partner;
  let migration: { id: string; partnerId: string };
  let ids: string[];

  beforeAll(async () => {
    t = await createTestApp();
    p = await signUp(t);
    const m = await createMigration(p, { migrationType: 'exchange' });
    migration = { id: m.id, partnerId: p.partnerId };
    const now = t.clock.now();
    ids = await makeDevices(t.db, migration, [
      {
        hostname: 'PC-0001',
        windowsUser: 'CONTOSO\\alice',
        userEmail: 'alice@contoso.com',
        status: 'completed',
        lastSeenAt: now,
      },
      {
        hostname: 'pc-0002',
        windowsUser: 'CONTOSO\\bob',
        userEmail: 'bob@contoso.com',
        status: 'profile_failed',
        errorCode: 'AUTODISCOVER_FAILED',
        errorMessage: 'autodiscover.contoso.com did not answer',
        nextRetryAt: new Date(now.getTime() + 39 * 60_000),
        lastSeenAt: new Date(now.getTime() - 5 * 60_000),
        clientLastSeenAt: new Date(now.getTime() - 5 * 60_000),
        locked: false,
        outlookVersion: '16.0.4266.1001',
      },
      {
        hostname: 'PC-0003',
        windowsUser: 'CONTOSO\\carol',
        userEmail: 'carol@contoso.com',
        status: 'switch_failed',
        errorCode: 'DISK_FULL',
      },
      {
        hostname: 'LAPTOP-7',
        windowsUser: 'CONTOSO\\alan',
        userEmail: null,
        status: 'switching',
        progressStage: 'transferring_data',
        progressPercent: 42,
        lastSeenAt: new Date(now.getTime() - 6 * 60_000 - 1000),
      },
      {
        hostname: 'PC-0005',
        windowsUser: 'CONTOSO\\dave',
        userEmail: 'dave@contoso.com',
        status: 'profile_failed',
        errorCode: 'WEIRD_NEW_CODE',
        manualRetryRequired: true,
      },
      { hostname: 'PC_100%', windowsUser: 'CONTOSO\\eve', userEmail: 'eve@contoso.com', status: 'enrolled' },
    ]);
    await raiseAlert(
      t.db,
      { id: ids[1], migrationId: migration.id },
      'OUTLOOK_OUTDATED',
      new Date(now.getTime() - 3_600_000),
    );
    await raiseAlert(
      t.db,
      { id: ids[1], migrationId: migration.id },
      'SERVICE_UNREACHABLE',
      new Date(now.getTime() - 60_000),
    );
    await t.db.query(
      `INSERT INTO alert (device_id, migration_id, code, raised_at, cleared_at) VALUES ($1, $2, 'OUTLOOK_OUTDATED', $3, $3)`,
      [ids[0], migration.id, now],
    );
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

  describe('CSV export', () => {
    it('exports the filtered list as CSV with a header, quoting and formula-safe cells', async () => {
      await makeDevices(t.db, migration, [
        {
          hostname: '=HYPERLINK("http://evil")',
          windowsUser: 'CONTOSO\\mallory, jr',
          userEmail: 'm@contoso.com',
          status: 'enrolled',
        },
      ]);
      const res = await p.agent.get(`/api/migrations/${migration.id}/devices.csv`).expect(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toMatch(
        /^attachment; filename="Contoso-devices-\d{4}-\d{2}-\d{2}\.csv"$/,
      );
      const text: string = res.text;
      expect(text.charCodeAt(0)).toBe(0xfeff);
      const lines = text.slice(1).trimEnd().split('\r\n');
      expect(lines[0]).toBe(
        'hostname,windows_user,user_email,status,online,last_seen_at,client_last_seen_at,service_last_seen_at,locked,outlook_version,' +
          'error_code,error_message,troubleshooting_url,next_retry_at,manual_retry_required,progress_stage,progress_percent,alerts,device_id',
      );
      expect(lines).toHaveLength(1 + 7);
      expect(lines[1]).toMatch(
        /^"'=HYPERLINK\(""http:\/\/evil""\)","CONTOSO\\mallory, jr",m@contoso.com,enrolled,false,/,
      );
      const bob = lines.find((l) => l.startsWith('pc-0002,'));
      expect(bob).toContain(',AUTODISCOVER_FAILED,');
      expect(bob).toContain('OUTLOOK_OUTDATED SERVICE_UNREACHABLE');
    });

    it('applies the same filter as the list', async () => {
      const res = await p.agent
        .get(`/api/migrations/${migration.id}/devices.csv`)
        .query({ status: 'profile_failed,switch_failed', q: 'pc' })
        .expect(200);
      const rows = res.text.slice(1).trimEnd().split('\r\n').slice(1);
      expect(rows.map((r) => r.split(',')[0])).toEqual(['pc-0002', 'PC-0003', 'PC-0005']);
    });

    it('streams every device of a large migration in order (several batches)', async () => {
      const m = await createMigration(p, { customerName: 'Große Firma' });
      await makeDevices(
        t.db,
        { id: m.id, partnerId: p.partnerId },
        Array.from({ length: 2500 }, (_, i) => ({ hostname: `WS-${String(i).padStart(5, '0')}` })),
      );
      const res = await p.agent.get(`/api/migrations/${m.id}/devices.csv`).expect(200);
      expect(res.headers['content-disposition']).toContain('filename="Grosse-Firma-devices-');
      const rows = res.text.slice(1).trimEnd().split('\r\n').slice(1);
      expect(rows).toHaveLength(2500);
      expect(rows[0].startsWith('WS-00000,')).toBe(true);
      expect(rows[2499].startsWith('WS-02499,')).toBe(true);
    });

    it('404s the export of an unknown migration', async () => {
      await p.agent.get('/api/migrations/00000000-0000-4000-8000-000000000000/devices.csv').expect(404);
    });
  });

  describe('alerts of a migration', () => {
    it('lists open alerts newest first with hostname, text, link and counts per code', async () => {
      const res = await p.agent.get(`/api/migrations/${migration.id}/alerts`).expect(200);
      expect(res.body.items).toEqual([
        {
          deviceId: ids[1],
          hostname: 'pc-0002',
          code: 'SERVICE_UNREACHABLE',
          message: expect.any(String),
          action: expect.any(String),
          troubleshootingUrl: '/troubleshooting/SERVICE_UNREACHABLE',
          raisedAt: new Date(t.clock.now().getTime() - 60_000).toISOString(),
        },
        expect.objectContaining({
          deviceId: ids[1],
          code: 'OUTLOOK_OUTDATED',
          troubleshootingUrl: '/troubleshooting/OUTLOOK_OUTDATED',
        }),
      ]);
      expect(res.body.total).toBe(2);
      expect(res.body.counts).toEqual({
        OUTLOOK_OUTDATED: 1,
        OUTLOOK_UNSUPPORTED: 0,
        SERVICE_UNREACHABLE: 1,
        DISK_SPACE_LOW: 0,
        MAILBOX_UNKNOWN: 0,
      });
      const only = await p.agent
        .get(`/api/migrations/${migration.id}/alerts`)
        .query({ code: 'OUTLOOK_OUTDATED' })
        .expect(200);
      expect(only.body.items.map((a: { code: string }) => a.code)).toEqual(['OUTLOOK_OUTDATED']);
      expect(only.body.total).toBe(1);
      await p.agent.get(`/api/migrations/${migration.id}/alerts`).query({ code: 'NOPE' }).expect(400);
    });

    it('shows open alert counts on the migration', async () => {
      const res = await p.agent.get(`/api/migrations/${migration.id}`).expect(200);
      expect(res.body.openAlerts).toBe(2);
      expect(res.body.deviceCounts).toMatchObject({
        profile_failed: 2,
        completed: 1,
        switching: 1,
        switch_failed: 1,
      });
    });
  });
});
