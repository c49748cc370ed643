import { CREDENTIAL_PROMPT_TIMEOUT_MS } from '@cutover/domain';
import { planCreateProfile, planDevice, planSwitchProfile } from './plan';
import { resolveScenario } from './scenarios';

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

  it('D7: the transfer takes longer with more local data, and archives only move a share of it', () => {
    const small = planSwitchProfile(scenario, 1, 1, 1, 0, 1e9, true);
    const big = planSwitchProfile(scenario, 1, 1, 1, 0, 4e9, true);
    expect(big.transferMs).toBeCloseTo(small.transferMs * 4);
    expect(small.transferMs).toBeCloseTo((1e9 / scenario.switchProfile.transferBytesPerSecond) * 1000);
    const archives = planSwitchProfile(scenario, 1, 1, 1, 0, 1e9, false);
    expect(archives.transferMs).toBeCloseTo(small.transferMs * scenario.switchProfile.archiveShare);
  });

  it('D8: a user defers at most maxDeferrals times', () => {
    const max = scenario.switchProfile.maxDeferrals;
    expect(planSwitchProfile(scenario, 1, 1, 1, 0, 1e9, true).defer).toBe(true);
    expect(planSwitchProfile(scenario, 1, 1, max + 1, max, 1e9, true).defer).toBe(false);
  });

  it('fails by the configured rate per error code', () => {
    const failing = resolveScenario('demo', {
      deferRate: 0,
      switchFailureRates: { DATA_TRANSFER_FAILED: 0.25 },
    });
    const n = 4000;
    const plans = Array.from({ length: n }, (_, i) => planSwitchProfile(failing, 's', i, 1, 0, 1e9, true));
    expect(plans.some((p) => p.defer)).toBe(false);
    expect(share(plans.filter((p) => p.errorCode === 'DATA_TRANSFER_FAILED').length, n)).toBeCloseTo(0.25, 1);
  });
});
