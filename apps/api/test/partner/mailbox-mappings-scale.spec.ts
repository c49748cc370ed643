import { createTestApp, type TestApp } from '../test-app';
import {
  createMigration,
  makeDevices,
  type Partner,
  putMappingCsv,
  putMappingJson,
  signUp,
} from './factories';

jest.setTimeout(120_000);

const onPostgres = process.env.DATABASE_URL ? it : it.skip;

/** D15 at the contract's size: 100 000 rows in one import, and the row after is refused. */
describe('partner API: mailbox mapping at 100 000 rows (D15)', () => {
  let t: TestApp;
  let p: Partner;

  beforeAll(async () => {
    t = await createTestApp();
    p = await signUp(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('100 000 CSV rows in one import, then devices matched set-based', async () => {
    const m = { ...(await createMigration(p)), partnerId: p.partnerId };
    const n = 100_000;
    await makeDevices(
      t.db,
      m,
      Array.from({ length: 1000 }, (_, i) => ({ windowsUser: `CONTOSO\\u${i * 100}`, userEmail: null })),
    );
    const lines = ['identity,mailbox'];
    for (let i = 0; i < n; i++) lines.push(`CONTOSO\\u${i},u${i}@contoso.onmicrosoft.com`);
    const res = await putMappingCsv(p, m.id, `${lines.join('\r\n')}\r\n`).expect(200);
    expect(res.body).toEqual({ imported: n, matchedDevices: 1000, rejected: [] });
    const [{ count }] = await t.db.query(
      `SELECT count(*)::int AS count FROM mailbox_mapping WHERE migration_id = $1`,
      [m.id],
    );
    expect(count).toBe(n);
    const over = `${lines.join('\n')}\nCONTOSO\\extra,extra@contoso.onmicrosoft.com\n`;
    expect((await putMappingCsv(p, m.id, over).expect(422)).body.rejected).toEqual([
      { line: n + 2, reason: expect.stringContaining('more than 100000 rows') },
    ]);
  });

  onPostgres(
    '100 000 JSON rows in one import (PostgreSQL), and the row after is a 422 naming it',
    async () => {
      const m = await createMigration(p);
      const n = 100_000;
      const items = Array.from({ length: n }, (_, i) => ({
        identity: `user${i}@contoso.com`,
        mailbox: `user${i}@contoso.onmicrosoft.com`,
      }));
      const res = await putMappingJson(p, m.id, items).expect(200);
      expect(res.body).toEqual({ imported: n, matchedDevices: 0, rejected: [] });
      const over = await putMappingJson(p, m.id, [
        ...items,
        { identity: 'extra@contoso.com', mailbox: 'x@contoso.com' },
      ]).expect(422);
      expect(over.body.rejected).toEqual([
        { line: n + 1, reason: expect.stringContaining('more than 100000 rows') },
      ]);
    },
  );
});
