/**
 * The bulk actions (D5, D14, D16): preview, click, second click and how long the stored statuses take to
 * follow, as ratios to a raw floor measured in the same run (a 10 000-row INSERT … SELECT FROM unnest
 * into a scratch table), then what the second click is made of (bench/second-click.ts).
 *
 * Loads API sources: load it with `load('./partner/bulk')` after useSwcForApiSources() (bench/partner.ts).
 */
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import type * as SecondClickModule from '../second-click';
import { DEVICES, ONLY, ms } from './measure';
import type { Bench } from './setup';

// loaded through the swc hook (a static import would be compiled by tsx's esbuild, without decorator metadata)
const load = createRequire(__filename);
const { bareHttp, statementAlone } = load('../second-click') as typeof SecondClickModule;

export async function measureBulk(bench: Bench): Promise<void> {
  const { app, inject, sql, headers, partnerId, userId, bulk10k, bulk100k } = bench;
  // the raw floor first, measured in this run
  const floorTimes: number[] = [];
  await sql.query(
    `CREATE TABLE bench_floor (device_id uuid, migration_id uuid, requested_at timestamptz, requested_by uuid)`,
  );
  const ids10k = (
    await sql.query(`SELECT id FROM device WHERE migration_id = $1 ORDER BY id`, [bulk10k.id])
  ).rows.map((r) => r.id as string);
  const ids100k = (
    await sql.query(`SELECT id FROM device WHERE migration_id = $1 ORDER BY id`, [bulk100k.id])
  ).rows.map((r) => r.id as string);
  for (let run = 0; run < 7; run += 1) {
    await sql.query(`TRUNCATE bench_floor`);
    const begun = performance.now();
    await sql.query(`INSERT INTO bench_floor SELECT id, $2, now(), NULL FROM unnest($1::uuid[]) AS id`, [
      ids10k,
      bulk10k.id,
    ]);
    floorTimes.push(performance.now() - begun);
  }
  floorTimes.sort((x, y) => x - y);
  const floor = floorTimes[3];
  console.log(
    `\nfloor: a 10 000-row INSERT … SELECT FROM unnest into a scratch table (no index), median of 7: ${ms(floor)} (best ${ms(floorTimes[0])})`,
  );

  const resetBulk = async (migrationId: string) => {
    await sql.query(`DELETE FROM retry_request WHERE migration_id = $1`, [migrationId]);
    await sql.query(`DELETE FROM device_event WHERE migration_id = $1`, [migrationId]);
    await sql.query(`DELETE FROM activity WHERE migration_id = $1`, [migrationId]);
    await sql.query(
      `UPDATE device SET status = 'profile_failed', next_retry_at = NULL, manual_retry_required = true WHERE migration_id = $1`,
      [migrationId],
    );
    await sql.query(`VACUUM ANALYZE device, retry_request, device_event, activity`);
  };
  const post = async (path: string, migrationId: string, payload: object, expect: number) => {
    const startAt = performance.now();
    const res = await inject({
      method: 'POST',
      url: `/api/migrations/${migrationId}/devices/${path}`,
      headers,
      payload,
    });
    const elapsed = performance.now() - startAt;
    if (res.statusCode !== expect) throw new Error(`${path}: ${res.statusCode} ${res.body.slice(0, 300)}`);
    return { elapsed, body: JSON.parse(res.body) };
  };
  /** How long the stored statuses take to follow a large click (in the background, after the reply). */
  const statusesFollow = async (migrationId: string, expected: number) => {
    const begun = performance.now();
    for (;;) {
      const { rows } = await sql.query(
        `SELECT count(*)::int AS n FROM device WHERE migration_id = $1 AND status <> 'profile_failed'`,
        [migrationId],
      );
      if (rows[0].n >= expected || performance.now() - begun > 120_000) return performance.now() - begun;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const cases =
    ONLY === 'list'
      ? []
      : [
          {
            name: '10 000 by ids',
            migration: bulk10k.id,
            body: { action: 'retry-profile-creation', deviceIds: ids10k },
          },
          {
            name: '10 000 by filter',
            migration: bulk10k.id,
            body: { action: 'retry-profile-creation', filter: {} },
          },
          {
            name: `${DEVICES} by ids`,
            migration: bulk100k.id,
            body: { action: 'retry-profile-creation', deviceIds: ids100k },
          },
          {
            name: `${DEVICES} by filter`,
            migration: bulk100k.id,
            body: { action: 'retry-profile-creation', filter: { hasError: true } },
          },
        ];
  console.log(
    '\nBulk retry profile creation (POST …/devices/actions and …/actions/preview; 3 runs, state reset between; median)',
  );
  console.log(
    'case                 | preview   | click     | × floor | affected | second click (all skipped) | × floor | statuses followed after',
  );
  const results: Record<string, { click: number; again: number; preview: number }> = {};
  for (const c of cases) {
    const clicks: number[] = [];
    const previews: number[] = [];
    const agains: number[] = [];
    const follows: number[] = [];
    let affected = 0;
    for (let run = 0; run < 3; run += 1) {
      await resetBulk(c.migration);
      const preview = await post('actions/preview', c.migration, c.body, 200);
      previews.push(preview.elapsed);
      const click = await post('actions', c.migration, c.body, 202);
      clicks.push(click.elapsed);
      affected = click.body.affected;
      if (affected !== preview.body.eligible)
        throw new Error(`preview ${preview.body.eligible} ≠ click ${affected}`);
      // D13: a device with no known mailbox keeps profile_failed until one is known (MAILBOX_UNKNOWN)
      const { rows: settle } = await sql.query(
        `SELECT count(*)::int AS n FROM retry_request r JOIN device d ON d.id = r.device_id
          WHERE r.migration_id = $1 AND d.user_email IS NOT NULL`,
        [c.migration],
      );
      follows.push(await statusesFollow(c.migration, settle[0].n));
      const again = await post('actions', c.migration, c.body, 202);
      if (again.body.affected !== 0) throw new Error(`second click affected ${again.body.affected}`);
      agains.push(again.elapsed);
    }
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[1];
    results[c.name] = { click: median(clicks), again: median(agains), preview: median(previews) };
    console.log(
      `${c.name.padEnd(20)} | ${ms(median(previews)).padStart(9)} | ${ms(median(clicks)).padStart(9)} | ${(median(clicks) / floor).toFixed(1).padStart(7)} | ${String(affected).padStart(8)} | ${ms(median(agains)).padStart(26)} | ${(median(agains) / floor).toFixed(1).padStart(7)} | ${ms(median(follows))}`,
    );
  }
  if (cases.length > 0) {
    const tenK = results['10 000 by ids'];
    const hundredK = results[`${DEVICES} by ids`];
    const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
    console.log(
      `\ntargets (issue #14), as ratios to the floor measured above (${ms(floor)}):` +
        `\n  10 000 devices: ${(tenK.click / floor).toFixed(1)}× the floor (target ≤ 5×): ${verdict(tenK.click <= 5 * floor)}` +
        `\n  ${DEVICES} devices: ${ms(hundredK.click)} = ${(hundredK.click / floor).toFixed(1)}× the floor (target ≤ 1.5 s): ${verdict(hundredK.click <= 1500)}` +
        `\n  second click on 10 000 (all skipped): ${(tenK.again / floor).toFixed(1)}× the floor (target ≤ 2×): ${verdict(tenK.again <= 2 * floor)}`,
    );
  }
  if (results['10 000 by ids']) {
    // what the second click is made of, against the same floor (bench/second-click.ts)
    const again = await post(
      'actions',
      bulk10k.id,
      { action: 'retry-profile-creation', deviceIds: ids10k },
      202,
    );
    if (again.body.affected !== 0) throw new Error('the parts need every device skipped');
    const reply = Buffer.from(JSON.stringify(again.body));
    const http = await bareHttp({ action: 'retry-profile-creation', deviceIds: ids10k }, reply, 15);
    const statement = await statementAlone(
      app,
      { partnerId, userId, migrationId: bulk10k.id, deviceIds: ids10k },
      15,
    );
    console.log(
      `\nsecond click on 10 000, its parts (medians of 15, this run; floor ${ms(floor)}):` +
        `\n  HTTP alone (bare Fastify inject, the same ${(JSON.stringify(ids10k).length / 1024).toFixed(0)} KB body in, the same ${(reply.length / 1024).toFixed(0)} KB reply out): ${ms(http)} = ${(http / floor).toFixed(1)}× the floor` +
        `\n  the statement alone (eligibility and activity row, rolled back): ${ms(statement)} = ${(statement / floor).toFixed(1)}× the floor` +
        `\n  together ${((http + statement) / floor).toFixed(1)}× the floor, before the click's own work (session, validation, transaction, reply)`,
    );
  }
  await sql.query(`DROP TABLE bench_floor`);
}
