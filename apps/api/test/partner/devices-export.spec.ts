import { createTestApp, type TestApp } from '../test-app';
import { seedDeviceList } from './device-list-fixture';
import { createMigration, makeDevices, type Partner, signUp } from './factories';

// app start, scrypt hashes and 100k-row fixtures outlast jest's 5 s default (testTimeout is not a per-project option)
jest.setTimeout(60_000);

describe('partner API: the device list as CSV, and the alerts of a migration', () => {
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
