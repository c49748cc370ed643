import { startFleet } from '../../apps/agent-sim/src/fleet';
import { fleetTotals, log, type Soak } from './context';
import { Probe } from './recovery';
import { sleep } from './replicas';
import { clock, megabytes, pairs, seconds } from './report';
import { soakScenario } from './scenario';
import { scheduleFaults, startPartnerReads } from './schedule';

/** The run itself: set-up over HTTP, then the agents and the faults for --minutes. */

const PROGRESS_EVERY_MS = 15_000;
/** Buffered check-ins are written each second; transactions in flight finish. */
const SETTLE_MS = 3000;

/** Both replicas, the partner (signed up over HTTP), the migration, a probe per replica. */
export async function setUp(soak: Soak): Promise<void> {
  const { o, replicas } = soak;
  // one after the other: the first runs the database migrations
  for (const replica of replicas) {
    const ms = await replica.start();
    console.log(
      `Replica ${replica.name} on ${replica.url} (pid ${replica.pid}) healthy after ${seconds(ms)}`,
    );
  }
  const signup = await soak.partner.call('POST', '/api/auth/signup', {
    partnerName: 'Soak IT Partner',
    email: `soak-${Date.now()}@example.com`,
    password: 'soak-password-123456',
  });
  if (signup.status !== 201) throw new Error(`sign-up: ${signup.status} ${signup.text}`);
  // the switch (C + 10 min, D7) falls a quarter into the run
  const switchAt = Date.now() + soak.durationMs / 4;
  const created = await soak.partner.call<{ id: string; enrollmentKey: string }>('POST', '/api/migrations', {
    customerName: 'Soak Customer',
    cutoverAt: new Date(switchAt - 10 * 60_000).toISOString(),
    migrationType: 'exchange',
    pollIntervalSeconds: o.pollIntervalSeconds,
    maxConcurrentTransfers: o.transferCap,
  });
  if (created.status !== 201 || !created.body)
    throw new Error(`creating the migration: ${created.status} ${created.text}`);
  soak.migration = created.body;
  for (const replica of replicas) {
    const probe = new Probe(replica, soak.migration.id, () => soak.partner.sessionCookie);
    await probe.enroll(soak.migration.enrollmentKey);
    soak.probes.push(probe);
  }
  console.log(
    `Migration ${soak.migration.id}: the switch falls due ${clock(soak.durationMs / 4)} into the run; faults at ` +
      `${clock(soak.durationMs / 3)} (kill A)${o.pgRestart ? `, ${clock(soak.durationMs / 2)} (PostgreSQL restart)` : ''}, ` +
      `${clock((2 * soak.durationMs) / 3)} (kill B)`,
  );
}

/** The agents, the faults and the partner for --minutes; then stops the agents and lets the replicas settle. */
export async function runChaos(soak: Soak): Promise<void> {
  const { o, durationMs, replicas } = soak;
  soak.t0 = Date.now();
  soak.probes.forEach((p) => p.start());
  const longPolling = Math.round(o.agents * o.longPollShare);
  const groups = [
    { devices: o.agents - longPolling, prefix: 'SOAK-PC', longPollSeconds: 0 },
    { devices: longPolling, prefix: 'SOAK-LP', longPollSeconds: 25 },
  ].filter((g) => g.devices > 0);
  for (const group of groups) {
    soak.fleets.push(
      startFleet({
        baseUrl: replicas.map((r) => r.url),
        enrollmentKey: soak.migration.enrollmentKey,
        scenario: soakScenario(o.minutes, group.devices),
        seed: `${o.seed}-${group.prefix}`,
        hostnamePrefix: group.prefix,
        longPollSeconds: group.longPollSeconds,
        journal: soak.journal,
      }),
    );
  }
  const scheduled = scheduleFaults(soak);
  const stopReads = startPartnerReads(soak);
  const progress = setInterval(() => {
    const t = fleetTotals(soak.fleets);
    const rss = replicas
      .map((r) => `${r.name} ${r.pid ? megabytes(r.current!.peakRssKb) : 'down'}`)
      .join(', ');
    log(
      soak,
      `polls ${t.polls}, commands ${pairs(t.commands)}, results ${t.results}, replies ${pairs(t.statuses)}, ` +
        `failovers ${t.failovers}; peak RSS ${rss}`,
    );
  }, PROGRESS_EVERY_MS);

  await sleep(Math.max(0, soak.t0 + durationMs - Date.now()));
  clearInterval(progress);
  await Promise.all(scheduled);
  log(soak, 'stopping the agents');
  soak.stoppedAt = Date.now();
  await Promise.all(soak.fleets.map((f) => f.stop()));
  await stopReads();
  await sleep(SETTLE_MS);
  for (const replica of replicas) {
    if (replica.pid === null) soak.errors.push(`replica ${replica.name} is not running at the end`);
  }
  await Promise.all(soak.probes.map((p) => p.stop()));
  soak.endedAt = Date.now();
}
