import { FleetStats, formatProgress, formatSummary } from './stats';

const summarize = (stats: FleetStats) =>
  stats.summary({
    scenario: 'demo',
    seed: '1',
    speed: 60,
    elapsedRealMs: 2500,
    simulatedMs: 150_000,
    planned: {
      devices: 4,
      offline: 1,
      late: 1,
      outdatedOutlook: 1,
      serviceUnreachable: 0,
      tightDisk: 1,
      noEmail: 0,
    },
    states: ['offline', 'profile_created', 'profile_failed', 'profile_created'],
    abandonedCommands: 1,
  });

describe('FleetStats', () => {
  it('aggregates results by type, status and error code', () => {
    const stats = new FleetStats();
    stats.resultRecorded('CREATE_PROFILE', 'succeeded', undefined);
    stats.resultRecorded('CREATE_PROFILE', 'failed', 'CREDENTIAL_PROMPT_TIMEOUT');
    stats.resultRecorded('CREATE_PROFILE', 'failed', 'AUTODISCOVER_FAILED');
    stats.resultRecorded('SWITCH_PROFILE', 'deferred', undefined);
    stats.resultRecorded('SWITCH_PROFILE', 'failed', 'AUTODISCOVER_FAILED');
    const s = summarize(stats);
    expect(s.results).toEqual({
      total: 5,
      byStatus: { succeeded: 1, failed: 3, deferred: 1 },
      byErrorCode: { AUTODISCOVER_FAILED: 2, CREDENTIAL_PROMPT_TIMEOUT: 1 },
      byType: {
        CREATE_PROFILE: {
          succeeded: 1,
          failed: 2,
          deferred: 0,
          errorCodes: { AUTODISCOVER_FAILED: 1, CREDENTIAL_PROMPT_TIMEOUT: 1 },
        },
        SWITCH_PROFILE: { succeeded: 0, failed: 1, deferred: 1, errorCodes: { AUTODISCOVER_FAILED: 1 } },
      },
    });
  });

  it('counts polls per part, new commands apart from redeliveries, HTTP errors by status, and final states', () => {
    const stats = new FleetStats();
    stats.poll('client');
    stats.poll('client');
    stats.poll('service');
    stats.commandReceived('CREATE_PROFILE', false);
    stats.commandReceived('CREATE_PROFILE', true);
    stats.commandReceived('SWITCH_PROFILE', false);
    stats.httpError(429);
    stats.httpError(429);
    stats.httpError('network');
    const s = summarize(stats);
    expect(s.polls).toEqual({ client: 2, service: 1, total: 3 });
    expect(s.commandsReceived).toEqual({ CREATE_PROFILE: 1, SWITCH_PROFILE: 1 });
    expect(s.redeliveries).toBe(1);
    expect(s.httpErrors).toEqual({ 429: 2, network: 1 });
    expect(s.states).toEqual({ offline: 1, profile_failed: 1, profile_created: 2 });
    expect(s.elapsedRealSeconds).toBe(2.5);
    expect(s.simulatedMinutes).toBe(2.5);
    expect(s.abandonedCommands).toBe(1);
  });

  it('formats a progress line and the final report', () => {
    const stats = new FleetStats();
    stats.enrolled = 4;
    stats.resultRecorded('CREATE_PROFILE', 'failed', 'DISK_FULL');
    const s = summarize(stats);
    expect(formatProgress(s)).toContain('enrolled 4/4');
    const report = formatSummary(s);
    expect(report).toContain('4/4 enrolled');
    expect(report).toContain('CREATE_PROFILE  succeeded 0, failed 1, deferred 0 (DISK_FULL 1)');
    expect(report).toContain('final states    offline 1, profile_failed 1, profile_created 2');
    expect(report).not.toContain('SIMULATOR ERRORS');
  });
});
