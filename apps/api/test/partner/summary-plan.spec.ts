import { PartnerScope } from '../../src/auth/partner-scope';
import { SummaryRepository } from '../../src/migrations/summary.repository';
import { executedPlan } from '../plans';
import { createTestApp, type TestApp } from '../test-app';
import { createMigration, type Partner, signUp } from './factories';

jest.setTimeout(120_000);

const onPostgres = process.env.DATABASE_URL ? describe : describe.skip;
const DEVICES = 20_000;

onPostgres('D12 summary plan: one index-only pass over device_summary_idx, no heap read (PostgreSQL)', () => {
  let t: TestApp;
  let p: Partner;
  let migrationId: string;

  beforeAll(async () => {
    t = await createTestApp({ env: { LIFECYCLE_SWEEP_SECONDS: '0', DEMO: 'off' } });
    p = await signUp(t);
    migrationId = (await createMigration(p, { customerName: 'Summary plan' })).id;
    const other = await signUp(t);
    const otherMigrationId = (await createMigration(other, { customerName: 'Other' })).id;
    // set-based: a mix of statuses, errors, check-in times (3 % never seen), local data, a few manual retries
    const seed = (migration: string, partnerId: string, count: number) =>
      t.db.query(
        `INSERT INTO device (migration_id, partner_id, hostname, windows_user, token_hash, status, error_code,
                             last_seen_at, client_last_seen_at, local_data_bytes, profile_created_at, switched_at,
                             manual_retry_required)
         SELECT $1, $2, 'PC-' || n, 'CONTOSO\\user' || n, md5(random()::text || n), s.status,
                CASE WHEN s.status IN ('profile_failed', 'switch_failed') THEN 'AUTODISCOVER_FAILED' END,
                CASE WHEN n % 33 <> 0 THEN now() - (n % 3600) * interval '1 second' END,
                CASE WHEN n % 33 <> 0 THEN now() - (n % 3600) * interval '1 second' END,
                n * 1000, CASE WHEN s.status NOT IN ('enrolled', 'profile_failed') THEN now() END,
                CASE WHEN s.status = 'completed' THEN now() END,
                s.status = 'profile_failed' AND n % 5 = 0
           FROM generate_series(1, $3::int) AS n
          CROSS JOIN LATERAL (SELECT (ARRAY['profile_ready', 'enrolled', 'profile_failed', 'completed', 'switching',
                                            'switch_failed', 'queued_for_bandwidth'])[1 + (n * 31) % 7] AS status) s`,
        [migration, partnerId, count],
      );
    await seed(migrationId, p.partnerId, DEVICES);
    await seed(otherMigrationId, other.partnerId, DEVICES);
    await t.db.query('VACUUM ANALYZE device');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('reads the devices only through device_summary_idx, index-only, with no heap fetch', async () => {
    const captured: { text: string; params: unknown[] }[] = [];
    const capturing = {
      query: async (text: string, params: unknown[]) => {
        captured.push({ text, params });
        return [];
      },
    };
    const scope = PartnerScope.ofSession({ partnerId: p.partnerId, userId: p.userId, sessionId: 'plan' });
    const now = new Date();
    await new SummaryRepository().groups(capturing as never, scope, {
      migrationId,
      onlineSince: new Date(now.getTime() - 6 * 60_000),
      recentSince: new Date(now.getTime() - 15 * 60_000),
    });
    const [{ text, params }] = captured;
    const nodes = await executedPlan(t.db, text, params);

    const deviceReads = nodes.filter((n) => n['Relation Name'] === 'device');
    expect(deviceReads.map((n) => [n['Node Type'], n['Index Name']])).toEqual([
      ['Index Only Scan', 'device_summary_idx'],
    ]);
    expect(deviceReads[0]['Heap Fetches']).toBe(0);
    expect(deviceReads[0]['Actual Rows']).toBe(DEVICES);
    expect(nodes.some((n) => /Gather/.test(n['Node Type']))).toBe(false); // no parallel workers (startup option)
  });
});
