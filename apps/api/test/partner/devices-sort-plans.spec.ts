import type { DeviceFilter, DeviceSort } from '@cutover/domain';
import { PartnerScope } from '../../src/auth/partner-scope';
import { DevicesRepository, type Keyset } from '../../src/devices/devices.repository';
import { executedPlan, type PlanNode } from '../plans';
import { createTestApp, type TestApp } from '../test-app';
import { createMigration, type Partner, signUp } from './factories';

jest.setTimeout(120_000);

const onPostgres = process.env.DATABASE_URL ? describe : describe.skip;
const DEVICES = 100_000;

/** The index each order reads (the 1796180000000-device-list-sort migration, devices.repository.ts ORDERS). */
const INDEX: Record<DeviceSort, { name: string; direction: 'Forward' | 'Backward' }> = {
  hostname: { name: 'device_list_idx', direction: 'Forward' },
  '-hostname': { name: 'device_list_idx', direction: 'Backward' },
  status: { name: 'device_status_sort_idx', direction: 'Forward' },
  lastSeenAt: { name: 'device_last_seen_idx', direction: 'Forward' },
  '-lastSeenAt': { name: 'device_last_seen_idx', direction: 'Backward' },
};

onPostgres(
  'device list plans at 100 000 devices: every sort is an index range, no sort node (PostgreSQL)',
  () => {
    let t: TestApp;
    let p: Partner;
    let migrationId: string;
    let scope: PartnerScope;
    const now = new Date();

    beforeAll(async () => {
      t = await createTestApp({ env: { LIFECYCLE_SWEEP_SECONDS: '0', DEMO: 'off' } });
      p = await signUp(t);
      migrationId = (await createMigration(p, { customerName: 'Plans' })).id;
      const other = await signUp(t);
      const otherMigrationId = (await createMigration(other, { customerName: 'Other' })).id;
      scope = PartnerScope.ofSession({ partnerId: p.partnerId, userId: p.userId, sessionId: 'plans' });
      // set-based, like bench/partner.ts: a realistic mix of statuses, errors, check-in times (3 % never seen)
      const seed = async (migration: string, partnerId: string, count: number) =>
        t.db.query(
          `INSERT INTO device (migration_id, partner_id, hostname, windows_user, user_email, token_hash, status,
                             error_code, last_seen_at, client_last_seen_at)
         SELECT $1, $2, site || '-' || lpad(n::text, 6, '0'), 'CONTOSO\\user' || n, 'user' || n || '@contoso.com',
                md5(random()::text || n), s.status,
                CASE WHEN s.status IN ('profile_failed', 'switch_failed') THEN 'AUTODISCOVER_FAILED' END,
                CASE WHEN n % 33 <> 0 THEN now() - (n % 3600) * interval '1 second' END,
                CASE WHEN n % 33 <> 0 THEN now() - (n % 3600) * interval '1 second' END
           FROM generate_series(1, $3::int) AS n
          CROSS JOIN LATERAL (SELECT (ARRAY['NYC','LON','BER','PAR','TYO','SYD','SFO','AMS'])[1 + (n * 7919) % 8] AS site) h
          CROSS JOIN LATERAL (SELECT (ARRAY['profile_ready','profile_ready','profile_ready','profile_ready','enrolled',
                                            'enrolled','profile_failed','completed','waiting_for_device','switching',
                                            'switch_failed','creating_profile','queued_for_bandwidth','deferred',
                                            'completed','profile_ready'])[1 + (n * 31) % 16] AS status) s`,
          [migration, partnerId, count],
        );
      await seed(migrationId, p.partnerId, DEVICES);
      await seed(otherMigrationId, other.partnerId, DEVICES / 2);
      await t.db.query('VACUUM ANALYZE device');
    });
    afterAll(async () => {
      await t?.close();
    });

    /** The repository's own SQL for a page, run under EXPLAIN ANALYZE. */
    async function planOf(sort: DeviceSort, filter: DeviceFilter, after: Keyset | null): Promise<PlanNode[]> {
      const captured: { text: string; params: unknown[] }[] = [];
      const capturing = new DevicesRepository({
        query: async (text: string, params: unknown[]) => {
          captured.push({ text, params });
          return [];
        },
      } as never);
      await capturing.page(scope, migrationId, filter, { sort, limit: 51, after, now });
      const [{ text: sql, params }] = captured;
      return executedPlan(t.db, sql, params);
    }

    const ORDER_SQL: Record<DeviceSort, string> = {
      hostname: `lower(hostname) COLLATE "C", id`,
      '-hostname': `lower(hostname) COLLATE "C" DESC, id DESC`,
      status: `status, lower(hostname) COLLATE "C", id`,
      lastSeenAt: `COALESCE(last_seen_at, '-infinity'::timestamptz), lower(hostname) COLLATE "C", id`,
      '-lastSeenAt': `COALESCE(last_seen_at, '-infinity'::timestamptz) DESC, lower(hostname) COLLATE "C" DESC, id DESC`,
    };

    /** The keyset (keysetOf's form) of the row at `offset` in `sort` among `where`, by OFFSET: a place to page from. */
    async function keysetAt(sort: DeviceSort, offset: number, where = 'true'): Promise<Keyset> {
      const [row] = await t.db.query(
        `SELECT lower(hostname) AS k, status, id::text AS id,
              CASE WHEN last_seen_at IS NULL THEN '-infinity'
                   ELSE to_char(last_seen_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') END AS t
         FROM device WHERE migration_id = $1 AND ${where} ORDER BY ${ORDER_SQL[sort]} OFFSET $2 LIMIT 1`,
        [migrationId, offset],
      );
      if (sort === 'hostname' || sort === '-hostname') return [row.k, row.id];
      return [sort === 'status' ? row.status : row.t, row.k, row.id];
    }

    const sorts = (nodes: PlanNode[]) => nodes.filter((n) => /Sort/.test(n['Node Type']));
    const deviceScans = (nodes: PlanNode[]) =>
      nodes.filter((n) => n['Relation Name'] === 'device' && n['Node Type'] !== 'Bitmap Heap Scan');

    /** One range of `index` read in order and stopped at the limit: no sort, a page's worth of rows. */
    function expectIndexRange(
      nodes: PlanNode[],
      index: { name: string; direction: string },
      { exact = false }: { exact?: boolean } = {},
    ): void {
      expect(sorts(nodes).map((n) => n['Node Type'])).toEqual([]);
      const scans = deviceScans(nodes).filter((n) => n['Actual Loops'] !== 0);
      expect(scans.map((n) => [n['Node Type'], n['Index Name'], n['Scan Direction']])).toEqual([
        [expect.stringMatching(/^Index (Only )?Scan$/), index.name, index.direction],
      ]);
      // no filter to apply on the way: the range holds exactly the page (not the migration's 100 000)
      if (exact) {
        expect(scans[0]['Actual Rows']).toBeLessThanOrEqual(51);
        expect(scans[0]['Rows Removed by Filter'] ?? 0).toBe(0);
      }
    }

    const SORTS: DeviceSort[] = ['hostname', '-hostname', 'status', 'lastSeenAt', '-lastSeenAt'];
    const BY_STATUS = (sort: DeviceSort) => ({
      name: 'device_status_sort_idx',
      direction: sort === '-hostname' ? 'Backward' : 'Forward',
    });

    it.each(SORTS)(
      'sort=%s: the first page and a page from a cursor at row 60 000 read its index in order',
      async (sort) => {
        expectIndexRange(await planOf(sort, {}, null), INDEX[sort], { exact: true });
        expectIndexRange(await planOf(sort, {}, await keysetAt(sort, 60_000)), INDEX[sort], { exact: true });
      },
    );

    it.each(SORTS)('sort=%s with status=profile_ready: one index range, in order', async (sort) => {
      const filter: DeviceFilter = { status: ['profile_ready'] };
      // within one status device_status_sort_idx is in hostname order too, and reads no other status
      const index = sort.endsWith('astSeenAt') ? INDEX[sort] : BY_STATUS(sort);
      const exact = !sort.endsWith('astSeenAt');
      expectIndexRange(await planOf(sort, filter, null), index, { exact });
      expectIndexRange(await planOf(sort, filter, await keysetAt(sort, 30_000)), index, { exact });
    });

    it('sort=status with status=profile_failed,switch_failed: one range per status, merged (not a walk over profile_ready)', async () => {
      const filter: DeviceFilter = { status: ['profile_failed', 'switch_failed'] };
      // the page that crosses from profile_failed to switch_failed (profile_ready lies in between)
      const after: Keyset = [
        'profile_failed',
        ...(await keysetAt('-hostname', 10, `status = 'profile_failed'`)),
      ];
      const rows = await t.app
        .get(DevicesRepository)
        .page(scope, migrationId, filter, { sort: 'status', limit: 51, after, now });
      expect(rows.map((r) => r.status).filter((s, i, all) => all.indexOf(s) === i)).toEqual([
        'profile_failed',
        'switch_failed',
      ]);
      for (const from of [null, after]) {
        const nodes = await planOf('status', filter, from);
        const scans = deviceScans(nodes).filter((n) => n['Index Name'] !== 'device_pkey');
        expect(scans.map((n) => [n['Index Name'], n['Scan Direction']])).toEqual([
          ['device_status_sort_idx', 'Forward'],
          ['device_status_sort_idx', 'Forward'],
        ]);
        for (const scan of scans) expect(scan['Actual Rows']).toBeLessThanOrEqual(51);
        // the one sort merges the branches' at most 2 × 51 rows
        expect(sorts(nodes)).toHaveLength(1);
        for (const merge of sorts(nodes)) expect(merge.Plans?.[0]['Actual Rows']).toBeLessThanOrEqual(2 * 51);
      }
    });

    it.each(SORTS)('sort=%s with other filters: still its index in order, no sort node', async (sort) => {
      for (const filter of [
        { hasError: false },
        { online: false },
        ...(sort === 'status' ? [] : [{ status: ['profile_failed', 'switch_failed'] }]),
      ] as DeviceFilter[]) {
        expectIndexRange(await planOf(sort, filter, null), INDEX[sort]);
        expectIndexRange(await planOf(sort, filter, await keysetAt(sort, 5_000)), INDEX[sort]);
      }
    });
  },
);
