import { CREDENTIAL_PROMPT_TIMEOUT_MS, diskSpaceLow, mailboxFor, type MigrationType } from '@cutover/domain';
import {
  DISK_FULL_MARGIN_BYTES,
  SYSTEM_BYTES,
  diskSpaceLine,
  planCreateProfile,
  planDevice,
  planSwitchProfile,
  runsOutOfDisk,
  transferBytes,
  type DevicePlan,
} from './plan';
import { SCENARIOS, SCENARIO_NAMES, resolveScenario } from './scenarios';

const identity = { hostnamePrefix: 'PC', emailDomain: 'contoso.com', windowsDomain: 'CONTOSO' };
const demo = resolveScenario('demo');
const share = (n: number, of: number) => n / of;

describe('planDevice', () => {
  it('is reproducible: the same seed and index give the same PC', () => {
    expect(planDevice(demo, 9, 17, identity)).toEqual(planDevice(demo, 9, 17, identity));
    expect(planDevice(demo, 9, 17, identity)).not.toEqual(planDevice(demo, 10, 17, identity));
  });

  it('names PCs and users from the index', () => {
    const plan = planDevice(demo, 1, 41, identity);
    expect(plan).toMatchObject({
      hostname: 'PC-0042',
      windowsUser: 'CONTOSO\\user0042',
      userEmail: 'user0042@contoso.com',
    });
  });

  it('gives the demo mix its rates of offline, late, old Outlook and unreachable service parts', () => {
    const n = 5000;
    const plans = Array.from({ length: n }, (_, i) => planDevice(demo, 'rates', i, identity));
    expect(share(plans.filter((p) => p.offline).length, n)).toBeCloseTo(0.05, 1);
    expect(share(plans.filter((p) => p.late).length, n)).toBeCloseTo(0.1, 1);
    expect(share(plans.filter((p) => p.outdatedOutlook).length, n)).toBeCloseTo(0.08, 1);
    expect(share(plans.filter((p) => p.serviceUnreachable).length, n)).toBeCloseTo(0.03, 1);
    expect(plans.some((p) => p.offline && p.late)).toBe(false);
  });

  it('D11: late PCs come online inside the herd window, the others at once', () => {
    const plans = Array.from({ length: 500 }, (_, i) => planDevice(demo, 3, i, identity));
    for (const p of plans) {
      if (p.late) {
        expect(p.onlineAtMs).toBeGreaterThanOrEqual(demo.lateStartMinutes[0] * 60_000);
        expect(p.onlineAtMs).toBeLessThanOrEqual(demo.lateStartMinutes[1] * 60_000);
      } else expect(p.onlineAtMs).toBe(0);
    }
  });

  it('D3: an old Outlook reports a build below the minimum; a patched one a build at or above it', () => {
    const plans = Array.from({ length: 2000 }, (_, i) => planDevice(demo, 4, i, identity));
    const old = plans.filter((p) => p.outdatedOutlook);
    expect(old.map((p) => p.outlookVersion)).toEqual(expect.arrayContaining(['16.0.4266.1001']));
    for (const p of plans.filter((x) => !x.outdatedOutlook)) expect(p.patchedOutlookVersion).toBeNull();
    expect(old.some((p) => p.patchedOutlookVersion !== null && p.patchedAtMs !== null)).toBe(true);
  });
});

describe('planDevice: disk and local data (D13)', () => {
  const GB = 1e9;
  const GiB = 2 ** 30;
  const N = 2000;
  const plansOf = (type: MigrationType | null, seed = 'disk') =>
    Array.from({ length: N }, (_, i) => planDevice(demo, seed, i, identity, type));
  const exchange = plansOf('exchange');
  const pop3 = plansOf('pop3');
  const min = (values: number[]) => values.reduce((a, b) => Math.min(a, b));
  const max = (values: number[]) => values.reduce((a, b) => Math.max(a, b));

  it('is reproducible, and draws from its own stream: the other traits are the same whatever the migration type', () => {
    expect(plansOf('exchange')).toEqual(exchange);
    const traits = (p: DevicePlan) => [
      p.hostname,
      p.userEmail,
      p.offline,
      p.late,
      p.outlookVersion,
      p.osVersion,
    ];
    expect(pop3.map(traits)).toEqual(exchange.map(traits));
    expect(pop3.map((p) => p.localDataBytes)).not.toEqual(exchange.map((p) => p.localDataBytes));
  });

  it('draws local data inside the range, 0.5-20 GB, and on POP3 inside its own larger one, 2-40 GB', () => {
    expect(demo.localDataBytes).toEqual([0.5 * GB, 20 * GB]);
    expect(demo.pop3LocalDataBytes).toEqual([2 * GB, 40 * GB]);
    for (const [plans, [lo, hi]] of [
      [exchange, demo.localDataBytes],
      [pop3, demo.pop3LocalDataBytes],
    ] as const) {
      const local = plans.map((p) => p.localDataBytes);
      expect(min(local)).toBeGreaterThanOrEqual(lo);
      expect(max(local)).toBeLessThanOrEqual(hi);
      // the log scale reaches both ends: within 2 % of each
      expect(min(local)).toBeLessThan(lo * 1.02);
      expect(max(local)).toBeGreaterThan(hi * 0.98);
      for (const v of local) expect(Number.isInteger(v)).toBe(true);
    }
    const median = (plans: DevicePlan[]) => plans.map((p) => p.localDataBytes).sort((a, b) => a - b)[N / 2];
    expect(median(pop3)).toBeGreaterThan(2 * median(exchange));
    // without a migration type, the general range
    expect(planDevice(demo, 'disk', 3, identity).localDataBytes).toBe(exchange[3].localDataBytes);
  });

  it('picks disk sizes from the list and never reports more free space than the disk leaves', () => {
    for (const p of [...exchange, ...pop3]) {
      expect(demo.diskSizesBytes).toContain(p.diskSizeBytes);
      expect(p.freeDiskBytes).toBeLessThanOrEqual(p.diskSizeBytes - SYSTEM_BYTES - p.localDataBytes);
      expect(Number.isInteger(p.freeDiskBytes)).toBe(true);
    }
    expect(new Set(exchange.map((p) => p.diskSizeBytes))).toEqual(new Set(demo.diskSizesBytes));
  });

  it('most PCs have 100-500 GB free, and none of them is low on disk', () => {
    for (const plans of [exchange, pop3]) {
      const roomy = plans.filter((p) => !p.tightDisk);
      const free = roomy.map((p) => p.freeDiskBytes);
      expect(min(free)).toBeGreaterThanOrEqual(100 * GB);
      expect(min(free)).toBeLessThan(101 * GB);
      expect(max(free)).toBeLessThanOrEqual(500 * GB);
      for (const p of roomy) expect(diskSpaceLow(p)).toBe(false);
    }
  });

  it('a tightDiskRate share (5 %) is tight: free from 1 GB up to 1 byte below 2 x local data + 5 GiB, so exactly they raise DISK_SPACE_LOW', () => {
    expect(demo.tightDiskRate).toBe(0.05);
    for (const plans of [exchange, pop3]) {
      const tight = plans.filter((p) => p.tightDisk);
      expect(share(tight.length, N)).toBeCloseTo(0.05, 2);
      for (const p of plans) expect(diskSpaceLow(p)).toBe(p.tightDisk);
      for (const p of tight) {
        expect(p.freeDiskBytes).toBeGreaterThanOrEqual(demo.tightFreeMinBytes);
        expect(p.freeDiskBytes).toBeLessThanOrEqual(diskSpaceLine(p.localDataBytes) - 1);
        expect(diskSpaceLine(p.localDataBytes)).toBe(2 * p.localDataBytes + 5 * GiB);
      }
      expect(min(tight.map((p) => p.freeDiskBytes))).toBeLessThan(1.2 * GB);
      // the log scale reaches the line too: some tight PCs are within 10 % of it
      expect(tight.some((p) => p.freeDiskBytes > 0.9 * diskSpaceLine(p.localDataBytes))).toBe(true);
    }
  });

  it('no other preset makes a roomy PC low on disk, and the load preset has no tight PCs', () => {
    for (const name of SCENARIO_NAMES) {
      const s = SCENARIOS[name];
      for (const type of ['exchange', 'pop3'] as const) {
        const plans = Array.from({ length: 500 }, (_, i) => planDevice(s, name, i, identity, type));
        for (const p of plans) expect(diskSpaceLow(p)).toBe(p.tightDisk);
      }
    }
    const load = SCENARIOS.load;
    expect(
      Array.from({ length: 500 }, (_, i) => planDevice(load, 1, i, identity)).some((p) => p.tightDisk),
    ).toBe(false);
  });

  it('D13: a noEmailRate share (2 %) of users has no email and a DOMAIN\\user Windows user, so no mailbox is known', () => {
    const plans = Array.from({ length: N }, (_, i) => planDevice(demo, 'email', i, identity));
    const none = plans.filter((p) => p.userEmail === null);
    expect(share(none.length, N)).toBeCloseTo(demo.noEmailRate, 2);
    for (const p of plans) {
      expect(p.windowsUser).toMatch(/^CONTOSO\\user\d{4}$/);
      const mailbox = mailboxFor({ mapped: null, userEmail: p.userEmail, windowsUser: p.windowsUser });
      expect(mailbox).toBe(
        p.userEmail === null ? null : `user${String(p.index + 1).padStart(4, '0')}@contoso.com`,
      );
    }
    // the other traits do not depend on it
    const withEmail = Array.from({ length: N }, (_, i) =>
      planDevice(resolveScenario('demo', { noEmailRate: 0 }), 'email', i, identity),
    );
    expect(withEmail.every((p) => p.userEmail !== null)).toBe(true);
    expect(withEmail.map((p) => p.offline)).toEqual(plans.map((p) => p.offline));
  });
});

describe('planCreateProfile', () => {
  const scenario = resolveScenario('demo', {
    createFailureRates: { AUTODISCOVER_FAILED: 0.2, CREDENTIAL_PROMPT_TIMEOUT: 0.1 },
  });

  it('fails by the configured rate per error code', () => {
    const n = 5000;
    const codes = Array.from(
      { length: n },
      (_, i) => planCreateProfile(scenario, 'c', i, 1, false).errorCode,
    );
    expect(share(codes.filter((c) => c === 'AUTODISCOVER_FAILED').length, n)).toBeCloseTo(0.2, 1);
    expect(share(codes.filter((c) => c === 'CREDENTIAL_PROMPT_TIMEOUT').length, n)).toBeCloseTo(0.1, 1);
    expect(share(codes.filter((c) => c === null).length, n)).toBeCloseTo(0.7, 1);
  });

  it('D10: an unanswered credential prompt fails after 10 simulated minutes', () => {
    const timeouts = Array.from({ length: 200 }, (_, i) =>
      planCreateProfile(scenario, 'p', i, 1, false),
    ).filter((p) => p.errorCode === 'CREDENTIAL_PROMPT_TIMEOUT');
    expect(timeouts.length).toBeGreaterThan(0);
    for (const t of timeouts) expect(t.durationMs).toBe(CREDENTIAL_PROMPT_TIMEOUT_MS);
  });

  it('D3: a PC with an outdated Outlook fails with OUTLOOK_OUTDATED at outdatedFailureRate', () => {
    const n = 2000;
    const outdated = Array.from({ length: n }, (_, i) => planCreateProfile(demo, 'o', i, 1, true).errorCode);
    expect(share(outdated.filter((c) => c === 'OUTLOOK_OUTDATED').length, n)).toBeCloseTo(
      demo.createProfile.outdatedFailureRate,
      1,
    );
    const current = Array.from({ length: n }, (_, i) => planCreateProfile(demo, 'o', i, 1, false).errorCode);
    expect(current).not.toContain('OUTLOOK_OUTDATED');
  });

  it('draws each attempt afresh (D4 retries) but reproducibly', () => {
    const attempts = Array.from({ length: 50 }, (_, a) => planCreateProfile(scenario, 's', 1, a + 1, false));
    expect(new Set(attempts.map((a) => a.durationMs)).size).toBeGreaterThan(40);
    expect(planCreateProfile(scenario, 's', 1, 3, false)).toEqual(attempts[2]);
  });
});

describe('planSwitchProfile', () => {
  const scenario = resolveScenario('demo', { deferRate: 1, switchFailureRates: {} });
  const roomy = (localDataBytes: number) => ({ freeDiskBytes: 500e9, localDataBytes });
  const POP3 = { migrationType: 'pop3', transferLocalData: true } as const;
  const EXCHANGE = { migrationType: 'exchange', transferLocalData: true } as const;

  it('D7: the transfer takes longer with more local data; POP3 moves all of it, the other types the archives only', () => {
    const small = planSwitchProfile(scenario, 1, 1, 1, 0, roomy(1e9), POP3);
    const big = planSwitchProfile(scenario, 1, 1, 1, 0, roomy(4e9), POP3);
    expect(big.transferMs).toBeCloseTo(small.transferMs * 4);
    expect(small.transferBytes).toBe(1e9);
    expect(small.transferMs).toBeCloseTo((1e9 / scenario.switchProfile.transferBytesPerSecond) * 1000);
    const archives = planSwitchProfile(scenario, 1, 1, 1, 0, roomy(1e9), EXCHANGE);
    expect(archives.transferBytes).toBe(1e9 * scenario.switchProfile.archiveShare);
    expect(archives.transferMs).toBeCloseTo(small.transferMs * scenario.switchProfile.archiveShare);
    for (const migrationType of ['imap', 'google'] as const)
      expect(transferBytes(1e9, { migrationType, transferLocalData: true }, 0.4)).toBe(0.4e9);
    expect(transferBytes(1e9, { migrationType: 'pop3', transferLocalData: false }, 0.4)).toBe(0);
    expect(transferBytes(1e9, {}, 0.4)).toBe(1e9);
    expect(transferBytes(1_000_000_001, EXCHANGE, 0.4)).toBe(400_000_000); // whole bytes
  });

  it('D8: a user defers at most maxDeferrals times', () => {
    const max = scenario.switchProfile.maxDeferrals;
    expect(planSwitchProfile(scenario, 1, 1, 1, 0, roomy(1e9), POP3).defer).toBe(true);
    expect(planSwitchProfile(scenario, 1, 1, max + 1, max, roomy(1e9), POP3).defer).toBe(false);
  });

  describe('DISK_FULL follows from the disk figures: free space < the bytes moved + 1 GiB', () => {
    const quiet = resolveScenario('demo', { deferRate: 0, switchFailureRates: {} });
    const GiB = 2 ** 30;
    const cases = [
      { what: 'POP3, all 10 GB of local data', order: POP3, local: 10e9, moved: 10e9 },
      { what: 'Exchange, the archives: 40 % of 10 GB', order: EXCHANGE, local: 10e9, moved: 4e9 },
      {
        what: 'nothing to move',
        order: { migrationType: 'pop3', transferLocalData: false } as const,
        local: 10e9,
        moved: 0,
      },
    ];
    it.each(cases)('$what: the edge, one byte below, one byte above', ({ order, local, moved }) => {
      expect(DISK_FULL_MARGIN_BYTES).toBe(GiB);
      const edge = moved + GiB;
      const at = (free: number) =>
        planSwitchProfile(quiet, 'edge', 1, 1, 0, { freeDiskBytes: free, localDataBytes: local }, order);
      expect(at(edge - 1).errorCode).toBe('DISK_FULL');
      expect(at(edge).errorCode).toBeNull();
      expect(at(edge + 1).errorCode).toBeNull();
      expect(runsOutOfDisk(edge - 1, moved)).toBe(true);
      expect(runsOutOfDisk(edge, moved)).toBe(false);
      // the copy stops when it has used the room there was (all of it but the margin)
      expect(at(edge - 1).failAtFraction).toBeCloseTo(moved > 0 ? (moved - 1) / moved : 0, 9);
      if (moved > 0) expect(at(GiB + moved / 2).failAtFraction).toBeCloseTo(0.5, 9);
      expect(at(0).failAtFraction).toBe(0);
    });

    it('not at random: with random failures too, DISK_FULL comes exactly when the figures say, and the others only otherwise', () => {
      const failing = resolveScenario('demo', {
        deferRate: 0,
        switchFailureRates: { DATA_TRANSFER_FAILED: 0.3, NETWORK_UNAVAILABLE: 0.2 },
      });
      const n = 2000;
      let full = 0;
      let random = 0;
      for (let i = 0; i < n; i++) {
        const localDataBytes = 1e9 + i * 1e6;
        // free space around the edge: half just below it, half just above
        const freeDiskBytes = localDataBytes + GiB + (i % 2 === 0 ? -1 - i : i);
        const sw = planSwitchProfile(failing, 'mix', i, 1, 0, { freeDiskBytes, localDataBytes }, POP3);
        const expectFull = runsOutOfDisk(freeDiskBytes, localDataBytes);
        expect(expectFull).toBe(i % 2 === 0);
        if (expectFull) expect(sw.errorCode).toBe('DISK_FULL');
        else expect(sw.errorCode).not.toBe('DISK_FULL');
        if (sw.errorCode === 'DISK_FULL') full += 1;
        else if (sw.errorCode) random += 1;
      }
      expect(full).toBe(n / 2);
      expect(share(random, n / 2)).toBeCloseTo(0.5, 1);
    });

    it('D13: a PC that runs out of disk always raised DISK_SPACE_LOW first (every preset, every migration type)', () => {
      let full = 0;
      for (const name of SCENARIO_NAMES) {
        const s = SCENARIOS[name];
        for (const migrationType of ['exchange', 'imap', 'pop3', 'google'] as const) {
          for (let i = 0; i < 500; i++) {
            const p = planDevice(s, `full-${name}`, i, identity, migrationType);
            const moved = transferBytes(
              p.localDataBytes,
              { migrationType, transferLocalData: true },
              s.switchProfile.archiveShare,
            );
            if (!runsOutOfDisk(p.freeDiskBytes, moved)) continue;
            full += 1;
            expect(p.tightDisk).toBe(true);
            expect(diskSpaceLow(p)).toBe(true);
          }
        }
      }
      expect(full).toBeGreaterThan(0);
    });
  });

  it('fails by the configured rate per error code', () => {
    const failing = resolveScenario('demo', {
      deferRate: 0,
      switchFailureRates: { DATA_TRANSFER_FAILED: 0.25 },
    });
    const n = 4000;
    const plans = Array.from({ length: n }, (_, i) =>
      planSwitchProfile(failing, 's', i, 1, 0, roomy(1e9), POP3),
    );
    expect(plans.some((p) => p.defer)).toBe(false);
    expect(share(plans.filter((p) => p.errorCode === 'DATA_TRANSFER_FAILED').length, n)).toBeCloseTo(0.25, 1);
  });
});
