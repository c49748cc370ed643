import { DEVICE_SORTS, type DeviceSort, type DeviceStatus } from '@cutover/domain';
import { encodeCursor } from '../../src/common/page-cursor';
import { createTestApp, type TestApp } from '../test-app';
import { createMigration, type DeviceSeed, makeDevices, type Partner, signUp } from './factories';

jest.setTimeout(60_000);

/** A device as the database holds its sort keys: lower(hostname), status, last_seen_at in microseconds. */
interface Stored {
  id: string;
  key: string;
  status: DeviceStatus;
  seenUs: bigint | null;
  hostname: string;
  errorCode: string | null;
}

const cmp = <T>(a: T, b: T) => (a < b ? -1 : a > b ? 1 : 0);
const byHostname = (a: Stored, b: Stored) => cmp(a.key, b.key) || cmp(a.id, b.id);
// never seen is the oldest: first ascending, last descending
const bySeen = (a: Stored, b: Stored) =>
  a.seenUs === b.seenUs ? 0 : a.seenUs === null ? -1 : b.seenUs === null ? 1 : cmp(a.seenUs, b.seenUs);

/** The contract's orders written out independently of the SQL: a brute-force sort of the fixture. */
const BRUTE_FORCE: Record<DeviceSort, (a: Stored, b: Stored) => number> = {
  hostname: byHostname,
  '-hostname': (a, b) => byHostname(b, a),
  status: (a, b) => cmp(a.status, b.status) || byHostname(a, b),
  lastSeenAt: (a, b) => bySeen(a, b) || byHostname(a, b),
  '-lastSeenAt': (a, b) => bySeen(b, a) || byHostname(b, a),
};

const STATUSES: DeviceStatus[] = ['profile_failed', 'enrolled', 'completed', 'switching', 'profile_ready'];

describe('partner API: the device list sorted by hostname, status or last seen (v1.1 sort=)', () => {
  let t: TestApp;
  let p: Partner;
  let migration: { id: string; partnerId: string };
  let stored: Stored[];

  async function readStored(): Promise<Stored[]> {
    const rows: {
      id: string;
      key: string;
      status: DeviceStatus;
      us: string | null;
      hostname: string;
      errorCode: string | null;
    }[] = await t.db.query(
      `SELECT id::text AS id, lower(hostname) AS key, status, hostname, error_code AS "errorCode",
              (extract(epoch FROM last_seen_at) * 1000000)::bigint::text AS us
         FROM device WHERE migration_id = $1`,
      [migration.id],
    );
    return rows.map((r) => ({ ...r, seenUs: r.us === null ? null : BigInt(r.us) }));
  }

  beforeAll(async () => {
    // no lifecycle sweep: the fixture's statuses stay as written for the brute-force order
    t = await createTestApp({ env: { LIFECYCLE_SWEEP_SECONDS: '0', DEMO: 'off' } });
    p = await signUp(t);
    const m = await createMigration(p, { customerName: 'Sorting' });
    migration = { id: m.id, partnerId: p.partnerId };
    const now = t.clock.now().getTime();
    const seen = (at: Date | null) => ({ lastSeenAt: at, clientLastSeenAt: at });
    const seeds: DeviceSeed[] = Array.from({ length: 57 }, (_, i) => ({
      // hostnames that differ by case only, and share a lower-case form
      hostname: i % 3 === 0 ? `pc-${String(i).padStart(3, '0')}` : `PC-${String(i).padStart(3, '0')}`,
      windowsUser: `CONTOSO\\u${i}`,
      status: STATUSES[i % STATUSES.length], // ties in status
      errorCode: i % STATUSES.length === 0 ? 'AUTODISCOVER_FAILED' : null,
      // ties in lastSeenAt (7 instants, one of them now: D2 online), and never seen (null) every 5th
      ...seen(i % 5 === 0 ? null : new Date(now - (i % 7) * 60 * 60_000)),
    }));
    seeds.push(
      { hostname: 'SAME', windowsUser: 'CONTOSO\\x1', status: 'enrolled', ...seen(null) },
      { hostname: 'same', windowsUser: 'CONTOSO\\x2', status: 'enrolled', ...seen(null) },
      { hostname: 'Same', windowsUser: 'CONTOSO\\x3', status: 'enrolled', ...seen(new Date(now)) },
      { hostname: 'LAPTOP_1%', windowsUser: 'CONTOSO\\x4', status: 'completed', ...seen(new Date(now)) },
    );
    await makeDevices(t.db, migration, seeds);
    // check-ins within the same millisecond: the order (and the cursor) must keep the microseconds
    await t.db.query(
      `UPDATE device SET last_seen_at = last_seen_at + (length(hostname) + ascii(right(hostname, 1))) * interval '1 microsecond'
        WHERE migration_id = $1 AND last_seen_at IS NOT NULL AND right(hostname, 1) IN ('1', '4', '7')`,
      [migration.id],
    );
    // another partner's devices in the same table must never show up
    const other = await signUp(t);
    const om = await createMigration(other, { customerName: 'Other' });
    await makeDevices(
      t.db,
      { id: om.id, partnerId: other.partnerId },
      seeds.slice(0, 10).map((s) => ({ ...s, windowsUser: `${s.windowsUser}-other` })),
    );
    stored = await readStored();
  });
  afterAll(async () => {
    await t.close();
  });

  const url = () => `/api/migrations/${migration.id}/devices`;

  /** Every page of the list by nextCursor: the ids in the order served, and the totals seen. */
  async function walk(
    query: Record<string, string | number>,
    between?: (page: number) => Promise<void>,
  ): Promise<{ ids: string[]; totals: number[]; pages: number }> {
    const ids: string[] = [];
    const totals: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    for (; pages < 200; pages += 1) {
      const res: { body: { items: { id: string }[]; total: number; nextCursor: string | null } } =
        await p.agent
          .get(url())
          .query(cursor ? { ...query, cursor } : query)
          .expect(200);
      ids.push(...res.body.items.map((d) => d.id));
      totals.push(res.body.total);
      cursor = res.body.nextCursor;
      if (!cursor) break;
      await between?.(pages);
    }
    return { ids, totals, pages: pages + 1 };
  }

  function expected(sort: DeviceSort, keep: (d: Stored) => boolean = () => true): string[] {
    return stored
      .filter(keep)
      .sort(BRUTE_FORCE[sort])
      .map((d) => d.id);
  }

  it('the fixture has ties in status and lastSeenAt, never-seen devices and check-ins a microsecond apart', () => {
    expect(stored).toHaveLength(61);
    expect(stored.filter((d) => d.seenUs === null).length).toBeGreaterThan(5);
    const seen = stored.filter((d) => d.seenUs !== null).map((d) => d.seenUs);
    expect(new Set(seen).size).toBeLessThan(seen.length);
    const millis = new Set(seen.map((us) => (us as bigint) / 1000n));
    expect(millis.size).toBeLessThan(new Set(seen).size); // same millisecond, different microseconds
  });

  it.each(DEVICE_SORTS)(
    'sort=%s: walking every page by cursor gives the brute-force order, each device once',
    async (sort) => {
      for (const limit of [1, 7, 500]) {
        const { ids, totals, pages } = await walk({ sort, limit });
        expect(ids).toEqual(expected(sort));
        expect(new Set(ids).size).toBe(stored.length);
        expect(new Set(totals)).toEqual(new Set([stored.length]));
        expect(pages).toBe(Math.ceil(stored.length / limit));
      }
    },
  );

  it('no sort is sort=hostname, and -hostname / -lastSeenAt are the exact reverse of hostname / lastSeenAt', async () => {
    const byDefault = (await walk({ limit: 9 })).ids;
    expect(byDefault).toEqual((await walk({ sort: 'hostname', limit: 9 })).ids);
    expect((await walk({ sort: '-hostname', limit: 9 })).ids).toEqual([...byDefault].reverse());
    const seen = (await walk({ sort: 'lastSeenAt', limit: 9 })).ids;
    expect((await walk({ sort: '-lastSeenAt', limit: 9 })).ids).toEqual([...seen].reverse());
    // never seen: first oldest-first, last newest-first
    const never = new Set(stored.filter((d) => d.seenUs === null).map((d) => d.id));
    expect(seen.slice(0, never.size).every((id) => never.has(id))).toBe(true);
  });

  it('each sort combines with the filters (status, hasError, errorCode, q, online), pages and all', async () => {
    const cases: [Record<string, string>, (d: Stored) => boolean][] = [
      [{ status: 'enrolled,completed' }, (d) => d.status === 'enrolled' || d.status === 'completed'],
      [{ status: 'profile_failed' }, (d) => d.status === 'profile_failed'],
      [{ hasError: 'true' }, (d) => d.errorCode !== null],
      [{ hasError: 'false', status: 'enrolled' }, (d) => d.errorCode === null && d.status === 'enrolled'],
      [{ errorCode: 'AUTODISCOVER_FAILED' }, (d) => d.errorCode === 'AUTODISCOVER_FAILED'],
      [{ q: 'pc-0' }, (d) => d.key.startsWith('pc-0')], // users and emails do not start with pc-
      [{ q: 'pc-0', status: 'switching' }, (d) => d.key.startsWith('pc-0') && d.status === 'switching'],
      // D2: online = seen within 3 × 120 s of the clock; only the devices seen "now" are
      [
        { online: 'false' },
        (d) => d.seenUs === null || d.seenUs < BigInt(t.clock.now().getTime() - 360_000) * 1000n,
      ],
    ];
    for (const [filter, keep] of cases)
      for (const sort of DEVICE_SORTS) {
        const want = expected(sort, keep);
        expect(want.length).toBeGreaterThan(1);
        const { ids, totals } = await walk({ ...filter, sort, limit: 4 });
        expect({ filter, sort, ids }).toEqual({ filter, sort, ids: want });
        expect(totals[0]).toBe(want.length);
      }
  });

  it('sort=-lastSeenAt: devices added between pages neither repeat nor hide the ones already there', async () => {
    const before = expected('-lastSeenAt');
    const now = t.clock.now().getTime();
    let added = 0;
    const { ids } = await walk({ sort: '-lastSeenAt', limit: 6 }, async (page) => {
      // before, among and after the pages already read
      const made = await makeDevices(t.db, migration, [
        { hostname: `NEW-A-${page}`, windowsUser: `n${page}a`, lastSeenAt: new Date(now + 60_000) },
        { hostname: `NEW-B-${page}`, windowsUser: `n${page}b`, lastSeenAt: new Date(now - 3 * 60 * 60_000) },
        { hostname: `NEW-C-${page}`, windowsUser: `n${page}c`, lastSeenAt: null },
      ]);
      added += made.length;
    });
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of before) expect(ids).toContain(id);
    expect(added).toBeGreaterThan(0);
    await t.db.query(`DELETE FROM device WHERE migration_id = $1 AND hostname LIKE 'NEW-%'`, [migration.id]);
  });

  describe('the cursor follows the sort', () => {
    async function cursorOf(sort?: DeviceSort): Promise<string> {
      const res = await p.agent
        .get(url())
        .query(sort ? { sort, limit: 5 } : { limit: 5 })
        .expect(200);
      expect(res.body.nextCursor).toEqual(expect.any(String));
      return res.body.nextCursor;
    }

    it('a cursor returned for one sort is a 400 on `cursor` with another (the contract error body)', async () => {
      for (const made of [undefined, ...DEVICE_SORTS]) {
        const cursor = await cursorOf(made);
        for (const used of DEVICE_SORTS) {
          if (used === (made ?? 'hostname')) continue;
          const res = await p.agent.get(url()).query({ sort: used, cursor }).expect(400);
          expect(res.body).toEqual({
            error: {
              code: 'VALIDATION_FAILED',
              message: expect.stringContaining('Start again from the first page'),
              details: [
                {
                  field: 'cursor',
                  problems: [
                    `cursor was returned for sort=${made ?? 'hostname'}, not sort=${used}: start again without a cursor`,
                  ],
                },
              ],
            },
          });
        }
        // the default sort is hostname: a hostname cursor continues without sort=
        if (made === 'hostname' || made === undefined) await p.agent.get(url()).query({ cursor }).expect(200);
        else await p.agent.get(url()).query({ cursor }).expect(400);
      }
    });

    it('a bad sort is a 400 naming `sort`', async () => {
      for (const sort of ['name', 'HOSTNAME', '-status', 'hostname,status', 'lastseenat', '+hostname']) {
        const res = await p.agent.get(url()).query({ sort }).expect(400);
        expect(res.body.error.code).toBe('VALIDATION_FAILED');
        expect(res.body.error.details).toEqual([
          { field: 'sort', problems: [expect.stringContaining('sort must be one of hostname, -hostname')] },
        ]);
      }
      const twice = await p.agent.get(`${url()}?sort=hostname&sort=status`).expect(400);
      expect(twice.body.error.details.map((d: { field: string }) => d.field)).toEqual(['sort']);
      await p.agent.get(url()).query({ sort: '' }).expect(200); // empty: the default, like the other parameters
    });

    it('a forged or outdated cursor is a 400 on `cursor`, never a database error', async () => {
      const id = stored[0].id;
      for (const [sort, parts] of [
        ['hostname', ['pc-001', id]], // the cursor format before sort= (no sort in it)
        ['hostname', ['hostname', 'pc-001']],
        ['hostname', ['hostname', 'pc-001', 'not-a-uuid']],
        ['hostname', ['hostname', 'pc-001', id, 'extra']],
        ['hostname', ['byColour', 'pc-001', id]],
        ['status', ['status', 'pc-001', id]],
        ['lastSeenAt', ['lastSeenAt', 'yesterday', 'pc-001', id]],
        ['lastSeenAt', ['lastSeenAt', '2026-02-30T00:00:00.000000Z', 'pc-001', id]],
        ['lastSeenAt', ['lastSeenAt', '0000-01-01T00:00:00.000000Z', 'pc-001', id]],
        ['lastSeenAt', ['lastSeenAt', '2026-11-25T12:00:00.000Z', 'pc-001', id]],
        ['-lastSeenAt', ['-lastSeenAt', 'infinity', 'pc-001', id]],
        ['-lastSeenAt', ['-lastSeenAt', null, 'pc-001', id]],
        ['-lastSeenAt', ['-lastSeenAt', '-infinity', 'pc-\u0000', id]],
      ] as [DeviceSort, (string | null)[]][]) {
        const cursor = Buffer.from(JSON.stringify(parts)).toString('base64url');
        const res = await p.agent.get(url()).query({ sort, cursor }).expect(400);
        expect(res.body.error.details.map((d: { field: string }) => d.field)).toEqual(['cursor']);
      }
      // a well-formed keyset the server never returned is just a place in the order
      const made = encodeCursor(['-lastSeenAt', '-infinity', 'pc-001', id]);
      await p.agent.get(url()).query({ sort: '-lastSeenAt', cursor: made }).expect(200);
      const at = encodeCursor(['lastSeenAt', '2026-11-25T11:00:00.000001Z', 'pc-001', id]);
      await p.agent.get(url()).query({ sort: 'lastSeenAt', cursor: at }).expect(200);
    });
  });
});
