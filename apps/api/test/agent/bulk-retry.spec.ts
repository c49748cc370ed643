import { makeDevices, makeMigration } from '../factories';
import type { TestApp } from '../test-app';
import { bulkRetry, createAgentTestApp, expectStatusesConsistent, HOUR, MIN } from './agent-client';

jest.setTimeout(300_000);

// 100 000 ids on PostgreSQL (the partner API's limit per request); fewer on the embedded database.
const N = process.env.DATABASE_URL ? 100_000 : 10_000;
const C = new Date('2026-11-27T22:00:00.000Z');

describe(`D5 at scale: retryProfileCreation for ${N} devices`, () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createAgentTestApp();
    t.clock.set(new Date(C.getTime() + 30 * HOUR));
  });
  afterAll(async () => {
    await t.close();
  });

  it('is set-based: one call, well under a few seconds, every device affected once', async () => {
    const migration = await makeMigration(t.db, { cutoverAt: C });
    const failedAt = new Date(C.getTime() + 26 * HOUR);
    // a quarter skipped (profile created), a quarter with a scheduled retry to replace, half with none left
    const ids = await makeDevices(
      t.db,
      migration,
      Array.from({ length: N }, (_, i) => ({
        status: i % 4 === 0 ? ('profile_ready' as const) : ('profile_failed' as const),
        profileCreatedAt: i % 4 === 0 ? failedAt : null,
        errorCode: i % 4 === 0 ? null : 'AUTODISCOVER_FAILED',
        errorAt: i % 4 === 0 ? null : failedAt,
        manualRetryRequired: i % 4 === 2 || i % 4 === 3,
        clientLastSeenAt: new Date(t.clock.now().getTime() - MIN),
        locked: false,
        userSignedIn: true,
      })),
    );
    const withSchedule = ids.filter((_, i) => i % 4 === 1);
    await t.db.query(
      `INSERT INTO command (device_id, migration_id, type, source, available_at, created_at)
       SELECT id, $2, 'CREATE_PROFILE', 'retry', $3, $4 FROM unnest($1::uuid[]) AS id`,
      [withSchedule, migration.id, new Date(t.clock.now().getTime() + 2 * HOUR), failedAt],
    );

    // calibration: what one bare UPDATE of every device row costs on this machine right now
    const calibration = await t.db
      .transaction(async (manager) => {
        const begun = performance.now();
        await manager.query(`UPDATE device SET updated_at = $2 WHERE migration_id = $1`, [
          migration.id,
          t.clock.now(),
        ]);
        const elapsed = (performance.now() - begun) / 1000;
        throw Object.assign(new Error('rollback'), { elapsed });
      })
      .catch((error: { elapsed: number }) => error.elapsed);

    const started = performance.now();
    const result = await bulkRetry(t, {
      migrationId: migration.id,
      deviceIds: ids,
      actorUserId: null,
    });
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(
      `retryProfileCreation: ${N} ids in ${seconds.toFixed(2)} s (one bare UPDATE of the same rows: ${calibration.toFixed(2)} s)\n`,
    );

    expect(result.affected).toBe((N * 3) / 4);
    expect(result.skipped).toHaveLength(N / 4);
    expect(new Set(result.skipped.map((s) => s.reason))).toEqual(new Set(['profile_already_created']));
    const counts = async () =>
      (
        await t.db.query(
          `SELECT
             (SELECT count(*)::int FROM retry_request WHERE migration_id = $1) AS requested,
             (SELECT count(*)::int FROM command WHERE migration_id = $1 AND state = 'queued') AS queued,
             (SELECT count(*)::int FROM device_event WHERE migration_id = $1 AND type = 'retry_requested') AS events,
             (SELECT count(*)::int FROM device WHERE migration_id = $1 AND status = 'creating_profile') AS creating`,
          [migration.id],
        )
      )[0];
    // the click wrote one request per device and nothing else: the scheduled retries stay queued (now
    // due), no event until a device takes its request; the statuses follow right after the commit
    const expected = { requested: (N * 3) / 4, queued: N / 4, events: 0, creating: (N * 3) / 4 };
    const until = Date.now() + 60_000;
    while (JSON.stringify(await counts()) !== JSON.stringify(expected) && Date.now() < until)
      await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await counts()).toEqual(expected);
    await expectStatusesConsistent(t, migration.id);
    // Set-based: a small multiple of one bare UPDATE of the same rows (the click is one conditional
    // UPDATE of unindexed columns), where one query per device would be a hundred times more.
    expect(seconds).toBeLessThan(Math.max(4 * calibration, 2));
  });
});
