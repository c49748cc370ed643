import { makeDevices, makeMigration } from '../factories';
import type { TestApp } from '../test-app';
import { createAgentTestApp, expectStatusesConsistent, HOUR, lifecycle, MIN } from './agent-client';

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
    const result = await t.db.transaction((manager) =>
      lifecycle(t).retryProfileCreation(manager, {
        migrationId: migration.id,
        deviceIds: ids,
        actorUserId: null,
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(
      `retryProfileCreation: ${N} ids in ${seconds.toFixed(2)} s (one bare UPDATE of the same rows: ${calibration.toFixed(2)} s)\n`,
    );

    expect(result.affected).toBe((N * 3) / 4);
    expect(result.skipped).toHaveLength(N / 4);
    expect(new Set(result.skipped.map((s) => s.reason))).toEqual(new Set(['profile_already_created']));
    const [counts] = await t.db.query(
      `SELECT
         (SELECT count(*)::int FROM command WHERE migration_id = $1 AND state = 'queued' AND source = 'manual') AS manual,
         (SELECT count(*)::int FROM command WHERE migration_id = $1 AND state = 'superseded') AS superseded,
         (SELECT count(*)::int FROM device_event WHERE migration_id = $1 AND type = 'retry_requested') AS events,
         (SELECT count(*)::int FROM device WHERE migration_id = $1 AND status = 'creating_profile' AND NOT manual_retry_required
            AND next_retry_at IS NULL) AS creating`,
      [migration.id],
    );
    expect(counts).toEqual({
      manual: (N * 3) / 4,
      superseded: N / 4,
      events: (N * 3) / 4,
      creating: (N * 3) / 4,
    });
    await expectStatusesConsistent(t, migration.id);
    // Set-based: a small multiple of one statement over the same rows (the device update, the command
    // and event inserts, the superseding), where one query per device would be a hundred times more.
    expect(seconds).toBeLessThan(Math.max(8 * calibration, 3));
  });
});
