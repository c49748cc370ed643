/**
 * npm run soak [-- --minutes 5 --agents 500]: a chaos soak of the BUILT API (apps/api/dist/main.js;
 * build first: npx nx run-many -t build) on PostgreSQL.
 *
 * What it does
 * - Creates a fresh database on DATABASE_URL's server (default postgres://postgres@127.0.0.1:5432/postgres),
 *   starts two API replicas on it (DEMO=off STATIC_DIR=off LOG_LEVEL=warn, logs in a temp directory),
 *   signs a partner up over HTTP and creates an Exchange migration with a short poll interval whose
 *   switch (C + 10 min, D7) falls a quarter into the run, so that CREATE_PROFILE and SWITCH_PROFILE
 *   both flow; no transfer cap unless --transfer-cap (D11).
 * - Runs the agent simulator as a library: --agents PCs (half of them long-polling) spread round-robin
 *   over both replicas, failing over to the other on a refused or reset connection. PCs come online
 *   throughout the run, lock their screens now and then (D9), fail profile creation and switches at
 *   fixed rates and defer some switches (D8); every request and every command and acknowledged result
 *   is journalled.
 * - Faults: SIGKILL replica A at 1/3 of the run and B at 2/3, each started again on the same port
 *   --restart-after seconds later; with SOAK_PG_RESTART set (e.g. "pg_ctlcluster 15 main restart -m
 *   immediate"), that command runs once at 1/2. The partner clicks "Retry profile creation" for the
 *   failed devices six times during the run and reads the device list meanwhile. A probe device per
 *   replica polls it (and reads the migration as the partner) every 0.5 s.
 * - At the end: stops the agents, lets the replicas settle, checks the invariants below in SQL against
 *   the agents' journal, prints a table and exits 1 on any 5xx other than 503, any loss, any duplicate,
 *   any 401 to a valid agent (also on records that do not add up, a replica that died by itself or a
 *   fault that could not be carried out); 2 when the soak itself could not run. The database is dropped
 *   unless the soak failed (or --keep-db); replica logs, the agents' journal and findings.json stay in
 *   the temp directory.
 *
 * Invariants (times are the API's clock, which is this machine's; tolerance 1 s)
 * - Delivered twice within a lease: a command_delivered event while the lease of the previous delivery
 *   of the same command (leaseExpiresAt, extended to 15 min after each progress report) still ran; or a
 *   delivery after the command's result was recorded; or to another device; or two commands of one device
 *   delivered and unresolved at once; or, on the agents' side, one command id received by two PCs, or by
 *   one PC again before the lease its first reply carried ran out.
 * - Lost:
 *   (1) a result the server answered 200 for that the command row does not hold (status and error code);
 *   (2) a command_delivered event that the device's agent never received, unless the agent's poll that
 *       was in flight at that moment got no reply or a 5xx (a replica killed after the commit, a database
 *       restart): such a delivery is "pending" (the protocol redelivers it when its 15-minute lease runs
 *       out), and it is lost after all if the lease ran out during the run and the device then polled,
 *       eligible, without getting it again;
 *   (3) a command due for a device (the domain's own nextAction on the device's final state: a queued or
 *       expired-lease command, the first CREATE_PROFILE, the switch from C + 10 min) that polled as a
 *       client part, unlocked and signed in (D9), and got 200 without it, more than 6 s (the cache
 *       staleness bound) after it fell due and after the device's last change. With a transfer cap a due
 *       switch may wait for a slot and is not judged.
 * - Records that do not add up (counted as a failure: the checks above cannot be trusted then): a
 *   command's delivery_count against its command_delivered events, or a command an agent received
 *   without a delivery recorded for it.
 * - 401s to valid agents: a 401 to a token the agent's latest enrollment got (the soak's agents enroll
 *   again only after a 401, so nothing else replaces it), unless an earlier enrollment of that agent
 *   timed out (the server may have carried it out later); the probes' tokens are never replaced.
 * - Recovery after a fault: "path back" is the time from the fault until the probe of the affected
 *   replica (both for the database restart) succeeds again after its last failure; "agents" is, for
 *   each PC whose poll failed after the fault, the time from that poll (or the fault) until a 200 poll
 *   again (p50 / max).
 *
 * Modules: options.ts (the command line), run.ts (set-up and the run loop), schedule.ts (the fault
 * schedule and the partner's work), checks.ts and invariants.ts (the checks), summary.ts (the tables).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AgentJournal } from '../../apps/agent-sim/src/fleet';
import { API_MAIN, freePort } from '../../bench/support';
import { check, saveEvidence } from './checks';
import type { Soak } from './context';
import { createDatabase, dropDatabase } from './database';
import { HELP, type Options, parseOptions } from './options';
import { PartnerClient } from './partner';
import { Replica } from './replicas';
import { runChaos, setUp } from './run';
import { printReport } from './summary';

const MEMORY_EVERY_MS = 2000;

async function main(): Promise<number> {
  let o: Options | null;
  try {
    o = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${HELP}`);
    return 2;
  }
  if (!o) {
    console.log(HELP);
    return 0;
  }
  if (!fs.existsSync(API_MAIN)) {
    console.error(
      `The built API is missing (${path.relative(process.cwd(), API_MAIN)}): run npx nx run-many -t build first.`,
    );
    return 2;
  }
  const load = os
    .loadavg()
    .map((n) => n.toFixed(1))
    .join(' ');
  console.log(
    `Soak: ${o.minutes} min, ${o.agents} agents (${Math.round(o.agents * o.longPollShare)} long-polling), ` +
      `poll interval ${o.pollIntervalSeconds} s, seed ${o.seed}, transfer cap ${o.transferCap ?? 'none'}, ` +
      `restart after ${o.restartAfterMs / 1000} s, PostgreSQL restart: ${o.pgRestart ? `"${o.pgRestart}"` : 'skipped (SOAK_PG_RESTART unset)'}`,
  );
  console.log(
    `Machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown'}), load average ${load}, node ${process.version}`,
  );
  let db: { name: string; url: string };
  try {
    db = await createDatabase(o.serverUrl);
  } catch (error) {
    console.error(
      `Cannot create a database on ${o.serverUrl}: ${error instanceof Error ? error.message : String(error)}`,
    );
    return 2;
  }
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cutover-soak-'));
  console.log(`Database: ${db.name} on ${new URL(o.serverUrl).host}; replica logs in ${logDir}`);
  const env = { DATABASE_URL: db.url, DATABASE_POOL_SIZE: '10' };
  const replicas = [
    new Replica('A', await freePort(), env, logDir),
    new Replica('B', await freePort(), env, logDir),
  ];
  const soak: Soak = {
    o,
    durationMs: o.minutes * 60_000,
    logDir,
    db,
    replicas,
    partner: new PartnerClient(replicas),
    migration: { id: '', enrollmentKey: '' },
    probes: [],
    fleets: [],
    journal: new AgentJournal(),
    t0: Date.now(),
    faults: [],
    killedByUs: new Set(),
    retries: [],
    errors: [],
    soakPeakRssBytes: 0,
    stoppedAt: 0,
    endedAt: 0,
  };
  const sampler = setInterval(() => {
    replicas.forEach((r) => r.sampleMemory());
    soak.soakPeakRssBytes = Math.max(soak.soakPeakRssBytes, process.memoryUsage().rss);
  }, MEMORY_EVERY_MS);
  let cleaningUp: Promise<void> | null = null;
  let keepDb = o.keepDb;
  const cleanUp = () =>
    (cleaningUp ??= (async () => {
      clearInterval(sampler);
      await Promise.all(soak.fleets.map((f) => f.stop()));
      await Promise.all(soak.probes.map((p) => p.stop()));
      await Promise.all(replicas.map((r) => r.stop()));
      if (keepDb) {
        console.log(
          `Database kept: ${db.name} (drop it with: psql "${o.serverUrl}" -c 'DROP DATABASE ${db.name}')`,
        );
      } else {
        await dropDatabase(o.serverUrl, db.name).catch((error: unknown) =>
          console.error(
            `Could not drop ${db.name}: ${error instanceof Error ? error.message : String(error)}`,
          ),
        );
      }
    })());
  process.once('SIGINT', () => {
    console.error(
      'Interrupted: stopping the replicas and dropping the database (Ctrl-C again to quit at once)',
    );
    process.once('SIGINT', () => process.exit(130));
    void cleanUp().then(() => process.exit(130));
  });
  try {
    await setUp(soak);
    await runChaos(soak);
    const { report, evidence } = await check(soak);
    const failed = printReport(soak, report, evidence);
    saveEvidence(soak, report);
    console.log(
      `\n${failed ? 'SOAK FAILED' : 'Soak passed'} (replica logs, journal and findings in ${logDir})`,
    );
    keepDb ||= failed;
    return failed ? 1 : 0;
  } catch (error) {
    console.error(
      `The soak could not run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    // a run that got going leaves evidence behind; a set-up that failed (say, a broken build) does not
    keepDb ||= soak.fleets.length > 0;
    return 2;
  } finally {
    await cleanUp();
  }
}

// exit explicitly: idle keep-alive connections would hold the process a few more seconds
void main().then((code) => process.exit(code));
