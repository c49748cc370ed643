import { FakeAgentServer } from '../test/fake-agent-server';
import { AgentJournal, startFleet, type Fleet, type FleetOptions } from './fleet';
import { planCreateProfile, runsOutOfDisk } from './plan';
import { resolveScenario } from './scenarios';
import type { Scenario } from './scenarios/scenario';

const BASE = 'http://sim.test';

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const until = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The load preset (always unlocked, no failures) at 6000x: a 2-minute poll interval is 20 ms. */
function scenario(
  overrides: Partial<Scenario> = {},
  rates: Parameters<typeof resolveScenario>[1] = {},
): Scenario {
  return { ...resolveScenario('load', { devices: 10, speed: 6000, ...rates }), ...overrides };
}

describe('startFleet against a fake agent API', () => {
  let fleet: Fleet | null = null;
  const start = (server: FakeAgentServer, options: Partial<FleetOptions>) => {
    fleet = startFleet({
      baseUrl: BASE,
      enrollmentKey: server.enrollmentKey,
      fetch: server.fetch,
      seed: 1,
      ...options,
    });
    return fleet;
  };
  afterEach(async () => {
    await fleet?.stop();
    fleet = null;
  });

  it('enrolls every PC, polls with both parts (D1), and reports CREATE_PROFILE outcomes as planned', async () => {
    const server = new FakeAgentServer();
    const s = scenario(
      { offlineRate: 0.1, lateRate: 0.2, lateStartMinutes: [10, 20], serviceUnreachableRate: 0.2 },
      { devices: 20, createFailureRates: { AUTODISCOVER_FAILED: 0.2, CREDENTIAL_PROMPT_TIMEOUT: 0.1 } },
    );
    const f = start(server, { scenario: s, seed: 'plan' });
    const online = f.plans.filter((p) => !p.offline);
    await waitFor(() => f.summary().results.total === online.length);
    const summary = await f.stop();

    expect(summary.devices).toMatchObject({
      planned: 20,
      enrolled: 20,
      enrollFailed: 0,
      cameOnline: online.length,
    });
    expect(summary.commandsReceived).toEqual({ CREATE_PROFILE: online.length });
    const expected: Record<string, number> = {};
    for (const p of online) {
      const code = planCreateProfile(s, 'plan', p.index, 1, false).errorCode;
      if (code) expected[code] = (expected[code] ?? 0) + 1;
    }
    expect(summary.results.byType.CREATE_PROFILE.errorCodes).toEqual(expected);
    expect(summary.httpErrors).toEqual({});
    expect(summary.agentErrors).toBe(0);
    for (const p of f.plans) {
      const device = server.device(p.hostname);
      expect(device.polls.client > 0).toBe(!p.offline); // D12: an offline PC enrolls and is never seen
      expect(device.polls.service > 0).toBe(!p.offline && !p.serviceUnreachable); // D1
    }
    expect(summary.states.offline).toBe(f.plans.length - online.length);
    expect(summary.devices.late).toBeGreaterThan(0); // D11: late PCs came online and got their command too
  });

  it('D10: an unanswered credential prompt fails after 10 simulated minutes', async () => {
    const server = new FakeAgentServer();
    const f = start(server, {
      scenario: scenario(
        {},
        { devices: 1, speed: 600, createFailureRates: { CREDENTIAL_PROMPT_TIMEOUT: 1 } },
      ),
    });
    await waitFor(() => server.devices.size === 1 && server.device('PC-0001').commands.length === 1);
    const delivered = performance.now();
    await waitFor(() => f.summary().results.total === 1);
    // 10 simulated minutes at 600x is 1 s of wall clock
    expect(performance.now() - delivered).toBeGreaterThanOrEqual(900);
    expect(server.device('PC-0001').commands[0].result).toMatchObject({
      status: 'failed',
      errorCode: 'CREDENTIAL_PROMPT_TIMEOUT',
    });
  });

  it('treats a redelivered command id as the same command: it runs once and reports once', async () => {
    const server = new FakeAgentServer();
    server.redeliver = true;
    // profile creation takes 5-10 simulated minutes: several polls deliver the command again meanwhile
    const slow = { ...resolveScenario('load').createProfile, durationSeconds: [300, 600] as const };
    const f = start(server, { scenario: scenario({ createProfile: slow }, { devices: 5, speed: 3000 }) });
    await waitFor(() => f.summary().results.total === 5);
    const summary = await f.stop();
    expect(summary.commandsReceived).toEqual({ CREATE_PROFILE: 5 });
    expect(summary.redeliveries).toBeGreaterThan(0);
    for (const device of server.devices.values()) {
      expect(device.commands).toHaveLength(1);
      // one run: a single creating_profile 0 report
      expect(device.commands[0].progress.filter((p) => p.percent === 0)).toHaveLength(1);
    }
  });

  it('D7, D8: defers SWITCH_PROFILE, then switches with stages in order and a rising percent', async () => {
    const server = new FakeAgentServer();
    server.switchAfterProfile = true;
    const s = scenario(
      { switchProfile: { ...resolveScenario('load').switchProfile, deferRate: 1, maxDeferrals: 1 } },
      { devices: 1 },
    );
    const f = start(server, { scenario: s });
    await waitFor(() => f.summary().results.byStatus.succeeded === 2);
    const summary = await f.stop();
    expect(summary.results.byType.SWITCH_PROFILE).toMatchObject({ deferred: 1, succeeded: 1 });
    const [, deferred, switched] = server.device('PC-0001').commands;
    expect(deferred.result).toEqual({ status: 'deferred' });
    expect(switched.result).toEqual({ status: 'succeeded' });
    const stages = [...new Set(switched.progress.map((p) => p.stage))];
    expect(stages).toEqual(['closing_outlook', 'transferring_data', 'reopening_outlook', 'syncing']);
    const percents = switched.progress.map((p) => p.percent);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(summary.states).toEqual({ switched: 1 });
  });

  it('D13: reports the planned disk figures, sends no email when the PC knows none, and fails a switch with DISK_FULL exactly where the disk cannot hold the transfer', async () => {
    const server = new FakeAgentServer();
    server.switchAfterProfile = true; // the fake sends POP3 switches: all local data moves
    const s = scenario({ tightDiskRate: 0.5, noEmailRate: 0.3 }, { devices: 16, deferRate: 0 });
    const f = start(server, { scenario: s, seed: 'disk', migrationType: 'pop3' });
    const switched = () => {
      const counts = f.summary().results.byType.SWITCH_PROFILE;
      return counts ? counts.failed + counts.succeeded : 0;
    };
    await waitFor(() => switched() === 16);
    const summary = await f.stop();

    const full = f.plans.filter((p) => runsOutOfDisk(p.freeDiskBytes, p.localDataBytes));
    // the seed gives some of each: PCs that run out of disk, tight PCs that do not, and roomy PCs
    expect(full.length).toBeGreaterThan(0);
    expect(f.plans.filter((p) => p.tightDisk && !full.includes(p)).length).toBeGreaterThan(0);
    expect(f.plans.filter((p) => p.userEmail === null).length).toBeGreaterThan(0);
    expect(summary.devices).toMatchObject({
      tightDisk: f.plans.filter((p) => p.tightDisk).length,
      noEmail: f.plans.filter((p) => p.userEmail === null).length,
    });
    expect(summary.results.byType.SWITCH_PROFILE).toMatchObject({
      failed: full.length,
      succeeded: 16 - full.length,
      errorCodes: { DISK_FULL: full.length },
    });
    for (const p of f.plans) {
      const device = server.device(p.hostname);
      expect(device.userEmail).toBe(p.userEmail);
      expect(device.inventories[0]).toMatchObject({
        freeDiskBytes: p.freeDiskBytes,
        localDataBytes: p.localDataBytes,
      });
      const switched = device.commands.find((c) => c.command.type === 'SWITCH_PROFILE')!;
      if (full.includes(p)) {
        expect(switched.result).toMatchObject({ status: 'failed', errorCode: 'DISK_FULL' });
        // it failed while moving the data, never reaching the reopen
        expect(switched.progress.map((r) => r.stage)).not.toContain('reopening_outlook');
      } else expect(switched.result).toEqual({ status: 'succeeded' });
    }
  });

  it('honours Retry-After on 429 before trying again', async () => {
    const server = new FakeAgentServer();
    server.forced.push({ path: /^\/enroll$/, status: 429, headers: { 'retry-after': '1' } });
    const started = performance.now();
    const f = start(server, { scenario: scenario({}, { devices: 1 }) });
    await waitFor(() => f.summary().devices.enrolled === 1);
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    const summary = await f.stop();
    expect(summary.retryAfterWaits).toBe(1);
    expect(summary.httpErrors).toEqual({ 429: 1 });
  });

  it('enrolls again when its token is refused, keeping its device id', async () => {
    const server = new FakeAgentServer();
    const f = start(server, { scenario: scenario({}, { devices: 1 }) });
    await waitFor(() => f.summary().results.total === 1);
    const id = f.devices()[0].deviceId;
    server.revokeToken('PC-0001');
    await waitFor(() => f.summary().devices.reenrolled === 1);
    await waitFor(() => server.device('PC-0001').polls.client > 0 && server.requests.at(-1)?.status === 200);
    expect(f.devices()[0].deviceId).toBe(id);
    expect(server.devices.size).toBe(1);
  });

  it('keeps at most `concurrency` requests in flight', async () => {
    const server = new FakeAgentServer();
    server.latencyMs = 15;
    const f = start(server, { scenario: scenario({}, { devices: 30 }), concurrency: 3 });
    await waitFor(() => f.summary().devices.enrolled === 30);
    await f.stop();
    expect(server.maxInFlight).toBeLessThanOrEqual(3);
  });

  it('stop() ends every loop and awaits the requests in flight', async () => {
    const server = new FakeAgentServer();
    server.latencyMs = 30;
    const f = start(server, { scenario: scenario({}, { devices: 10 }) });
    await waitFor(() => server.requests.length > 20);
    await f.stop();
    expect(server.inFlight).toBe(0);
    const count = server.requests.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(server.requests.length).toBe(count);
  });

  it('long-polls the client part with ?waitSeconds= and the service part without', async () => {
    const server = new FakeAgentServer();
    const f = start(server, { scenario: scenario({}, { devices: 2 }), longPollSeconds: 20 });
    await waitFor(() => f.summary().polls.service > 2 && f.summary().polls.client > 2);
    await f.stop();
    const polls = server.requests.filter((r) => r.path === '/poll');
    expect(polls.some((r) => r.query === '?waitSeconds=1')).toBe(true);
    expect(polls.some((r) => r.query === '')).toBe(true);
  });

  it('is reproducible: the same seed gives the same outcomes', async () => {
    const run = async () => {
      const server = new FakeAgentServer();
      const s = scenario(
        {},
        { devices: 15, createFailureRates: { DISK_FULL: 0.3, AUTODISCOVER_FAILED: 0.3 } },
      );
      const f = start(server, { scenario: s, seed: 'same' });
      await waitFor(() => f.summary().results.total === 15);
      await f.stop();
      return Object.fromEntries([...server.devices.values()].map((d) => [d.hostname, d.commands[0].result]));
    };
    expect(await run()).toEqual(await run());
  });

  it('finishes by itself when the enrollment key is refused', async () => {
    const server = new FakeAgentServer();
    const f = startFleet({
      baseUrl: BASE,
      enrollmentKey: 'wrong',
      fetch: server.fetch,
      scenario: scenario({}, { devices: 3 }),
    });
    const summary = await f.finished;
    expect(summary.devices).toMatchObject({ enrolled: 0, enrollFailed: 3 });
    expect(summary.httpErrors).toEqual({ 401: 3 });
    expect(summary.states).toEqual({ enroll_failed: 3 });
  });

  describe('several base URLs (API replicas)', () => {
    const HOSTS = ['a.test', 'b.test', 'c.test'];
    const urls = (n: number) => HOSTS.slice(0, n).map((host) => `http://${host}`);
    const sentBy = (server: FakeAgentServer, hostname: string) =>
      server.requests.filter((r) => r.hostname === hostname);

    it('spreads PCs round-robin over the base URLs; each sticks to its own', async () => {
      const server = new FakeAgentServer();
      const f = start(server, { baseUrl: urls(3), scenario: scenario({}, { devices: 7 }) });
      await waitFor(() => f.summary().results.total === 7);
      const summary = await f.stop();
      f.plans.forEach((plan, i) => {
        const hosts = new Set(sentBy(server, plan.hostname).map((r) => r.host));
        expect([plan.hostname, [...hosts]]).toEqual([plan.hostname, [HOSTS[i % 3]]]);
      });
      expect(f.devices().map((d) => d.baseUrl)).toEqual(
        [0, 1, 2, 0, 1, 2, 0].map((i) => `http://${HOSTS[i]}`),
      );
      expect(summary.failovers).toBe(0);
      expect(summary.httpStatuses).toMatchObject({ 200: expect.any(Number), 201: 7 });
    });

    it('a single base URL as a list or a string is the same fleet', async () => {
      const server = new FakeAgentServer();
      const f = start(server, { baseUrl: ['http://a.test/'], scenario: scenario({}, { devices: 2 }) });
      await waitFor(() => f.summary().results.total === 2);
      await f.stop();
      expect(new Set(server.requests.map((r) => r.host))).toEqual(new Set(['a.test']));
    });

    it('fails over to the next URL when a replica refuses connections, resends the request there, and stays', async () => {
      const server = new FakeAgentServer();
      server.switchAfterProfile = true;
      // the switch takes a while: it is running on replica a when a goes down
      const slowSwitch = { ...resolveScenario('load').switchProfile, syncSeconds: [600, 600] as const };
      const journal = new AgentJournal();
      const f = start(server, {
        baseUrl: urls(2),
        journal,
        scenario: scenario({ switchProfile: slowSwitch }, { devices: 4, speed: 3000 }),
      });
      await waitFor(() => f.summary().results.byType.CREATE_PROFILE?.succeeded === 4);
      await waitFor(() => f.summary().commandsReceived.SWITCH_PROFILE === 4);
      server.down.add('a.test');
      const downAt = performance.now();
      await waitFor(() => f.summary().results.byType.SWITCH_PROFILE?.succeeded === 4);
      const summary = await f.stop();

      // PC-0001 and PC-0003 were on a: one failover each (both parts may fail at once, one moves the PC)
      expect(summary.failovers).toBe(2);
      expect(f.devices().every((d) => d.baseUrl === 'http://b.test')).toBe(true);
      for (const hostname of ['PC-0001', 'PC-0003']) {
        const after = sentBy(server, hostname).filter((r) => r.at > downAt);
        expect(after.length).toBeGreaterThan(0);
        expect(after.every((r) => r.host === 'b.test' && r.status < 300)).toBe(true);
      }
      // every switch reported its result, the two on a through b
      for (const device of server.devices.values()) {
        expect(device.commands.map((c) => c.result?.status)).toEqual(['succeeded', 'succeeded']);
      }
      const refused = journal.requests.filter((r) => r.status === 0);
      expect(refused.length).toBeGreaterThanOrEqual(2);
      expect(refused.every((r) => r.baseUrl === 'http://a.test' && r.failure === 'ECONNREFUSED')).toBe(true);
      expect(summary.httpErrors.network).toBe(refused.length);
      expect(summary.agentErrors).toBe(0);
    });
  });

  it('journal: what each PC received, which results were acknowledged, and whether a refused token was its latest', async () => {
    const server = new FakeAgentServer();
    const journal = new AgentJournal();
    const f = start(server, { journal, scenario: scenario({}, { devices: 2 }) });
    await waitFor(() => f.summary().results.total === 2);
    server.revokeToken('PC-0001');
    await waitFor(() => f.summary().devices.reenrolled === 1);
    await f.stop();

    const ids = Object.fromEntries(f.devices().map((d) => [d.hostname, d.deviceId]));
    for (const hostname of ['PC-0001', 'PC-0002']) {
      const [command] = server.device(hostname).commands;
      expect(journal.received.filter((r) => r.hostname === hostname)).toEqual([
        expect.objectContaining({
          deviceId: ids[hostname],
          commandId: command.command.id,
          type: 'CREATE_PROFILE',
          seenBefore: false,
          baseUrl: 'http://sim.test',
        }),
      ]);
      expect(journal.acknowledged.filter((r) => r.hostname === hostname)).toEqual([
        expect.objectContaining({ commandId: command.command.id, status: 'succeeded', errorCode: null }),
      ]);
    }
    // the poll that carried the command is in the request log, marked eligible (D9)
    const delivering = journal.requests.filter((r) => r.kind === 'poll' && r.commandIds.length > 0);
    expect(delivering).toHaveLength(2);
    expect(delivering.every((r) => r.eligible && r.component === 'client' && r.status === 200)).toBe(true);
    expect(journal.requests.some((r) => r.kind === 'poll' && r.component === 'service' && !r.eligible)).toBe(
      true,
    );
    // the revoked token was the PC's latest: a 401 to a valid agent as far as the agent can tell
    expect(journal.unauthorized.length).toBeGreaterThanOrEqual(1);
    expect(journal.unauthorized[0]).toMatchObject({
      hostname: 'PC-0001',
      tokenWasLatest: true,
      enrollmentInDoubt: false,
    });
    expect(journal.enrollments.filter((e) => e.hostname === 'PC-0001').map((e) => e.first)).toEqual([
      true,
      false,
    ]);
  });
});
