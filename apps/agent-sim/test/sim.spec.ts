import type { AddressInfo } from 'node:net';
// eslint-disable-next-line @nx/enforce-module-boundaries -- test only: the real API in-process, as issue 6 asks
import { createTestApp, type TestApp } from '../../api/test/test-app';
import { DEMO_MIGRATIONS, demoFleetOptions, seedDemo } from '../src/demo';
import { formatSummary, planFleet, startFleet, type Fleet, type FleetSummary } from '../src/fleet';
import {
  planCreateProfile,
  planSwitchProfile,
  runsOutOfDisk,
  transferBytes,
  type DevicePlan,
} from '../src/plan';
import { resolveScenario } from '../src/scenarios';
import type { Scenario } from '../src/scenarios/scenario';

/**
 * The simulator against the real API over HTTP (issue 6: "a test starts the simulator against a test
 * server and checks its summary"), on PGlite or, with DATABASE_URL, PostgreSQL. The server's clock
 * stands still (TestClock at 2026-11-25T12:00Z), so D4's automatic retries never fall due and each PC gets exactly one CREATE_PROFILE;
 * moving it past cutover brings SWITCH_PROFILE (D7).
 */
const CUTOVER = new Date('2026-11-27T18:00:00.000Z');
const SEED = 'sim-spec';
const ENROLLMENT_KEY = 'sim-spec-enrollment-key-0123456789';
// the server's interval is 10 minutes; at 600x a PC polls every second of wall clock
const POLL_INTERVAL_SECONDS = 600;
const SPEED = 600;

const CREATE_FAILURES = {
  AUTODISCOVER_FAILED: 0.15,
  CREDENTIAL_PROMPT_TIMEOUT: 0.1,
  PROFILE_CREATION_FAILED: 0.1,
};
const SWITCH_FAILURES = { DATA_TRANSFER_FAILED: 0.2 };
const DEFER_RATE = 0.2;

/**
 * The load preset (always unlocked, quick) with known failure rates and a few offline, old and half-unreachable PCs,
 * PCs tight on disk (some too full for the switch) and users without an email (D13).
 */
const scenario: Scenario = (() => {
  const base = resolveScenario('load', {
    devices: 20,
    speed: SPEED,
    offlineRate: 0.1,
    oldOutlookRate: 0.15,
    serviceUnreachableRate: 0.1,
    noEmailRate: 0.15,
    tightDiskRate: 0.3,
    deferRate: DEFER_RATE,
    createFailureRates: CREATE_FAILURES,
    switchFailureRates: SWITCH_FAILURES,
  });
  return {
    ...base,
    name: 'sim-spec',
    // from 0.2 GB free: a good share of the tight PCs cannot hold the archives an Exchange switch moves
    tightFreeMinBytes: 0.2e9,
    createProfile: { ...base.createProfile, outdatedFailureRate: 0 },
    switchProfile: { ...base.switchProfile, maxDeferrals: 1 },
  };
})();

async function waitFor(
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 40_000,
): Promise<void> {
  const until = performance.now() + timeoutMs;
  while (!(await condition())) {
    if (performance.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function serverErrors(summary: FleetSummary): string[] {
  return Object.keys(summary.httpErrors).filter((status) => status.startsWith('5') || status === 'network');
}

function countBy<T>(items: readonly T[], key: (item: T) => string | null): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) {
    const k = key(item);
    if (k !== null) counts[k] = (counts[k] ?? 0) + 1;
  }
  return counts;
}

// testTimeout in a jest project entry is ignored: each of these waits up to 40 s for the fleet
jest.setTimeout(60_000);

describe('agent simulator against the API', () => {
  let t: TestApp;
  let fleet: Fleet;
  let migrationId: string;
  let baseUrl: string;
  let online: DevicePlan[];
  /** D13: online PCs with an address; the others get no CREATE_PROFILE (MAILBOX_UNKNOWN). */
  let addressed: DevicePlan[];

  beforeAll(async () => {
    t = await createTestApp({
      env: { POLL_INTERVAL_SECONDS: String(POLL_INTERVAL_SECONDS) },
    });
    await t.app.listen(0, '127.0.0.1');
    const [partner] = await t.db.query(
      `INSERT INTO partner (name) VALUES ('Simulated Partner') RETURNING id`,
    );
    const [migration] = await t.db.query(
      `INSERT INTO migration (partner_id, customer_name, cutover_at, migration_type, poll_interval_seconds, enrollment_key)
       VALUES ($1, 'Contoso', $2, 'exchange', $3, $4) RETURNING id`,
      [partner.id, CUTOVER.toISOString(), POLL_INTERVAL_SECONDS, ENROLLMENT_KEY],
    );
    migrationId = migration.id;
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    baseUrl = `http://127.0.0.1:${port}`;
    fleet = startFleet({
      baseUrl,
      enrollmentKey: ENROLLMENT_KEY,
      scenario,
      seed: SEED,
      concurrency: 8,
    });
    online = fleet.plans.filter((p) => !p.offline);
    addressed = online.filter((p) => p.userEmail !== null);
  }, 120_000); // PGlite starts slowly on a busy machine

  afterAll(async () => {
    await fleet?.stop();
    await t?.close();
  });

  it('enrolls every PC and reports one CREATE_PROFILE result per online PC with an address, failing by the configured rates (D4, D10, D13)', async () => {
    // the seed gives both kinds of D13 PC online
    expect(online.filter((p) => p.userEmail === null).length).toBeGreaterThan(0);
    expect(online.filter((p) => p.tightDisk).length).toBeGreaterThan(0);
    await waitFor(
      'a CREATE_PROFILE result from every online PC with an address',
      () => fleet.summary().results.total >= addressed.length,
    );
    // a few more poll rounds: nothing else should arrive while the server clock stands still
    await new Promise((r) => setTimeout(r, 2500));
    const summary = fleet.summary();

    expect(summary.devices).toMatchObject({
      planned: 20,
      enrolled: 20,
      enrollFailed: 0,
      cameOnline: online.length,
    });
    expect(summary.commandsReceived).toEqual({ CREATE_PROFILE: addressed.length });
    expect(summary.results.total).toBe(addressed.length);
    // the outcomes are the seeded plan's, attempt by attempt...
    const planned = countBy(addressed, (p) => planCreateProfile(scenario, SEED, p.index, 1, false).errorCode);
    expect(summary.results.byType.CREATE_PROFILE.errorCodes).toEqual(planned);
    // ...and the plan is consistent with the configured 35 % failure rate (binomial, 18 PCs: well inside 1..13)
    const failed = summary.results.byType.CREATE_PROFILE.failed;
    expect(failed).toBeGreaterThanOrEqual(1);
    expect(failed).toBeLessThanOrEqual(13);
    expect(summary.results.byType.CREATE_PROFILE.succeeded).toBe(addressed.length - failed);
    expect(serverErrors(summary)).toEqual([]);
    expect(summary.httpErrors).toEqual({});
    expect(summary.agentErrors).toBe(0);
  });

  it('the database agrees: devices, check-ins of both parts (D1), inventory (D3) and command results', async () => {
    const devices: {
      hostname: string;
      windows_user: string;
      outlook_version: string | null;
      status: string;
      client_seen: boolean;
      service_seen: boolean;
    }[] = await t.db.query(
      `SELECT hostname, windows_user, outlook_version, status,
              client_last_seen_at IS NOT NULL AS client_seen, service_last_seen_at IS NOT NULL AS service_seen
         FROM device WHERE migration_id = $1 ORDER BY hostname`,
      [migrationId],
    );
    expect(devices.map((d) => d.hostname)).toEqual(fleet.plans.map((p) => p.hostname));
    for (const plan of fleet.plans) {
      const device = devices.find((d) => d.hostname === plan.hostname)!;
      expect(device.windows_user).toBe(plan.windowsUser);
      expect(device.outlook_version).toBe(plan.outlookVersion);
      expect(device.client_seen).toBe(!plan.offline);
      expect(device.service_seen).toBe(!plan.offline && !plan.serviceUnreachable);
      if (plan.offline) expect(device.status).toBe('enrolled'); // D12: never came online
    }

    // delivered commands: a failure may also leave a D4 retry queued for later
    const commands: {
      hostname: string;
      type: string;
      result_status: string | null;
      error_code: string | null;
    }[] = await t.db.query(
      `SELECT d.hostname, c.type, c.result_status, c.error_code
           FROM command c JOIN device d ON d.id = c.device_id
          WHERE c.migration_id = $1 AND c.issued_at IS NOT NULL ORDER BY d.hostname`,
      [migrationId],
    );
    expect(commands).toHaveLength(addressed.length);
    for (const plan of addressed) {
      const code = planCreateProfile(scenario, SEED, plan.index, 1, false).errorCode;
      expect(commands.find((c) => c.hostname === plan.hostname)).toEqual({
        hostname: plan.hostname,
        type: 'CREATE_PROFILE',
        result_status: code ? 'failed' : 'succeeded',
        error_code: code,
      });
      expect(devices.find((d) => d.hostname === plan.hostname)!.status).toBe(
        code ? 'profile_failed' : 'profile_ready',
      );
    }
    const summary = fleet.summary();
    expect(countBy(commands, (c) => c.result_status)).toEqual(
      Object.fromEntries(Object.entries(summary.results.byStatus).filter(([, n]) => n > 0)),
    );

    // D3: the old Outlook builds the PCs reported raised OUTLOOK_OUTDATED
    const alerts: { hostname: string }[] = await t.db.query(
      `SELECT d.hostname FROM alert a JOIN device d ON d.id = a.device_id
        WHERE a.migration_id = $1 AND a.code = 'OUTLOOK_OUTDATED' AND a.cleared_at IS NULL ORDER BY d.hostname`,
      [migrationId],
    );
    // (offline PCs too: the installer reported the build at enrollment)
    expect(alerts.map((a) => a.hostname)).toEqual(
      fleet.plans.filter((p) => p.outdatedOutlook).map((p) => p.hostname),
    );

    // D13: the disk figures the PCs reported, the tight ones low on disk; no address for the users without an email
    const disks: { hostname: string; free: string | null; local: string | null }[] = await t.db.query(
      `SELECT hostname, free_disk_bytes::text AS free, local_data_bytes::text AS local
         FROM device WHERE migration_id = $1 ORDER BY hostname`,
      [migrationId],
    );
    for (const plan of online)
      expect(disks.find((d) => d.hostname === plan.hostname)).toEqual({
        hostname: plan.hostname,
        free: String(plan.freeDiskBytes),
        local: String(plan.localDataBytes),
      });
    const openAlerts = async (code: string) =>
      (
        (await t.db.query(
          `SELECT d.hostname FROM alert a JOIN device d ON d.id = a.device_id
            WHERE a.migration_id = $1 AND a.code = $2 AND a.cleared_at IS NULL ORDER BY d.hostname`,
          [migrationId, code],
        )) as { hostname: string }[]
      ).map((a) => a.hostname);
    // (inventory comes with polls: PCs that never came online reported no disk)
    expect(await openAlerts('DISK_SPACE_LOW')).toEqual(
      online.filter((p) => p.tightDisk).map((p) => p.hostname),
    );
    expect(await openAlerts('MAILBOX_UNKNOWN')).toEqual(
      fleet.plans.filter((p) => p.userEmail === null).map((p) => p.hostname),
    );
  });

  it('after cutover: due retries run (D4), PCs with a profile switch, defer (D8) or fail as planned (D7)', async () => {
    const firstAttempt = (p: DevicePlan) => planCreateProfile(scenario, SEED, p.index, 1, false).errorCode;
    const secondAttempt = (p: DevicePlan) => planCreateProfile(scenario, SEED, p.index, 2, false).errorCode;
    // the retries D4 scheduled for the failures (t + 4 h) are due once the clock passes cutover
    const queued: { hostname: string }[] = await t.db.query(
      `SELECT d.hostname FROM command c JOIN device d ON d.id = c.device_id
        WHERE c.migration_id = $1 AND c.type = 'CREATE_PROFILE' AND c.state = 'queued'`,
      [migrationId],
    );
    const retried = addressed.filter((p) => queued.some((q) => q.hostname === p.hostname));
    expect(retried.every((p) => firstAttempt(p) !== null)).toBe(true);
    const switching = addressed.filter(
      (p) => firstAttempt(p) === null || (retried.includes(p) && secondAttempt(p) === null),
    );

    t.clock.set(new Date(CUTOVER.getTime() + 11 * 60_000));
    await waitFor(
      'the retries and a SWITCH_PROFILE result from every PC with a profile',
      () =>
        resultsOf('CREATE_PROFILE') >= addressed.length + retried.length &&
        resultsOf('SWITCH_PROFILE') >= switching.length,
    );
    // a few more poll rounds: the server clock stands still again, so nothing more is due
    await new Promise((r) => setTimeout(r, 2500));
    const summary = fleet.summary();

    expect(summary.commandsReceived).toEqual({
      CREATE_PROFILE: addressed.length + retried.length,
      SWITCH_PROFILE: switching.length,
    });
    // an Exchange migration: the switch moves the archives, and fails with DISK_FULL where they do not fit (D7, D13)
    const plans = switching.map((p) =>
      planSwitchProfile(scenario, SEED, p.index, 1, 0, p, {
        migrationType: 'exchange',
        transferLocalData: true,
      }),
    );
    const expected = {
      deferred: plans.filter((s) => s.defer).length,
      failed: plans.filter((s) => !s.defer && s.errorCode).length,
      succeeded: plans.filter((s) => !s.defer && !s.errorCode).length,
    };
    expect(summary.results.byType.SWITCH_PROFILE).toMatchObject(expected);
    const diskFull = switching.filter(
      (p, i) =>
        !plans[i].defer &&
        runsOutOfDisk(
          p.freeDiskBytes,
          transferBytes(p.localDataBytes, { migrationType: 'exchange' }, scenario.switchProfile.archiveShare),
        ),
    );
    expect(diskFull.length).toBeGreaterThan(0);
    expect(diskFull.every((p) => p.tightDisk)).toBe(true);
    expect(summary.results.byType.SWITCH_PROFILE.errorCodes).toEqual(
      countBy(
        plans.filter((s) => !s.defer),
        (s) => s.errorCode,
      ),
    );
    expect(summary.results.byType.SWITCH_PROFILE.errorCodes.DISK_FULL).toBe(diskFull.length);
    expect(summary.progressReports).toBeGreaterThan(0);
    expect(serverErrors(summary)).toEqual([]);
    expect(summary.httpErrors).toEqual({});

    const rows: { result_status: string; n: number }[] = await t.db.query(
      `SELECT result_status, count(*)::int AS n FROM command
        WHERE migration_id = $1 AND type = 'SWITCH_PROFILE' AND result_status IS NOT NULL GROUP BY result_status`,
      [migrationId],
    );
    expect(Object.fromEntries(rows.map((r) => [r.result_status, r.n]))).toEqual(
      Object.fromEntries(Object.entries(expected).filter(([, n]) => n > 0)),
    );
    const statuses: { status: string; n: number }[] = await t.db.query(
      `SELECT status, count(*)::int AS n FROM device WHERE migration_id = $1 AND switched_at IS NOT NULL GROUP BY status`,
      [migrationId],
    );
    expect(statuses).toEqual(expected.succeeded > 0 ? [{ status: 'completed', n: expected.succeeded }] : []);

    // D1: the service parts that never got through have the alert; the others cleared it on their next poll
    const unreachable: { hostname: string }[] = await t.db.query(
      `SELECT d.hostname FROM alert a JOIN device d ON d.id = a.device_id
        WHERE a.migration_id = $1 AND a.code = 'SERVICE_UNREACHABLE' AND a.cleared_at IS NULL ORDER BY d.hostname`,
      [migrationId],
    );
    expect(unreachable.map((a) => a.hostname)).toEqual(
      online.filter((p) => p.serviceUnreachable).map((p) => p.hostname),
    );
  });

  it("the demo signs up its partner, creates its migrations and imports Northwind's mailbox mapping as a CSV with its session (D15)", async () => {
    const lines: string[] = [];
    const migrations = await seedDemo(baseUrl, CUTOVER, (line) => lines.push(line));
    expect(migrations.map((m) => m.customerName)).toEqual(['Northwind Traders', 'Contoso Dental']);
    const [northwind] = DEMO_MIGRATIONS;
    const mapped = planFleet(demoFleetOptions(northwind)).plans.filter((p) => p.userEmail !== null);
    expect(mapped.length).toBeGreaterThan(100);
    const imported = `[demo Northwind Traders] mailbox mapping to northwindtraders.onmicrosoft.com: ${mapped.length} imported, 0 enrolled devices matched`;
    expect(lines).toEqual([imported]);
    const rows: { migration_id: string; identity: string; mailbox: string }[] = await t.db.query(
      `SELECT mm.migration_id, mm.identity, mm.mailbox FROM mailbox_mapping mm
         JOIN migration m ON m.id = mm.migration_id WHERE m.customer_name IN ('Northwind Traders', 'Contoso Dental')
        ORDER BY mm.identity_key`,
    );
    expect(rows).toEqual(
      mapped.map((p) => ({
        migration_id: migrations[0].id,
        identity: p.userEmail,
        mailbox: p.userEmail!.replace('@northwindtraders.com', '@northwindtraders.onmicrosoft.com'),
      })),
    );
    // a restart finds its migrations and keeps the mapping there is (the partner may have added to it)
    const again = await seedDemo(baseUrl, CUTOVER, (line) => lines.push(line));
    expect(again.map((m) => m.id)).toEqual(migrations.map((m) => m.id));
    expect(lines).toEqual([
      imported,
      `[demo Northwind Traders] mailbox mapping kept (${mapped.length} lines)`,
    ]);
  });

  it('stops cleanly: stop() ends every loop and awaits the requests in flight', async () => {
    const summary = await fleet.stop();
    if (process.env.SIM_SPEC_VERBOSE) console.log(formatSummary(summary));
    expect(summary.devices.enrolled).toBe(20);
    expect(serverErrors(summary)).toEqual([]);
    expect(summary.agentErrors).toBe(0);
  });

  function resultsOf(type: string): number {
    const counts = fleet.summary().results.byType[type];
    return counts ? counts.succeeded + counts.failed + counts.deferred : 0;
  }
});
