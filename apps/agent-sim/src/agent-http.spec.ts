import { FakeAgentServer } from '../test/fake-agent-server';
import { AgentHttp, retryAfterMs, type Caller } from './agent-http';
import { AgentJournal } from './journal';
import { FleetStats } from './stats';

describe('AgentHttp over several base URLs', () => {
  const setup = () => {
    const server = new FakeAgentServer();
    const stats = new FleetStats();
    const journal = new AgentJournal();
    const http = new AgentHttp({
      baseUrl: ['http://a.test/', 'http://b.test'],
      concurrency: 4,
      stats,
      signal: new AbortController().signal,
      fetch: server.fetch,
      journal,
    });
    const caller: Caller = { urlIndex: 0, hostname: 'PC-0001', deviceId: null };
    const enroll = () =>
      http.enroll(caller, { enrollmentKey: server.enrollmentKey, hostname: 'PC-0001', windowsUser: 'C\\u' });
    return { server, stats, journal, http, caller, enroll };
  };

  it("sends to the caller's URL while it answers", async () => {
    const { server, stats, caller, enroll } = setup();
    caller.urlIndex = 1;
    expect(await enroll()).toMatchObject({ status: 201, baseUrl: 'http://b.test' });
    expect(server.requests.map((r) => r.host)).toEqual(['b.test']);
    expect(stats.failovers).toBe(0);
    expect(stats.httpStatuses).toEqual({ 201: 1 });
  });

  it('no reply: sends the same request to the next URL at once, and the caller stays there', async () => {
    const { server, stats, journal, caller, enroll } = setup();
    server.down.add('a.test');
    expect(await enroll()).toMatchObject({ status: 201, baseUrl: 'http://b.test' });
    expect(caller.urlIndex).toBe(1);
    expect(stats.failovers).toBe(1);
    expect(stats.httpStatuses).toEqual({ 201: 1, network: 1 });
    expect(journal.requests.map((r) => [r.baseUrl, r.status, r.failure])).toEqual([
      ['http://a.test', 0, 'ECONNREFUSED'],
      ['http://b.test', 201, null],
    ]);
    // a coming back changes nothing: the caller sticks to b
    server.down.delete('a.test');
    await enroll();
    expect(server.requests.map((r) => r.host)).toEqual(['b.test', 'b.test']);
  });

  it('tries each URL once, then reports no reply', async () => {
    const { server, stats, caller, enroll } = setup();
    server.down.add('a.test');
    server.down.add('b.test');
    expect(await enroll()).toMatchObject({ status: 0, aborted: false, failure: 'ECONNREFUSED' });
    expect(stats.failovers).toBe(1);
    expect(stats.httpErrors).toEqual({ network: 2 });
    expect(caller.urlIndex).toBe(1);
  });

  it('a 503 is not a failover: Retry-After is honoured on the same URL', async () => {
    const { server, stats, caller, enroll } = setup();
    server.forced.push({ path: /^\/enroll$/, status: 503, headers: { 'retry-after': '0' } });
    expect(await enroll()).toMatchObject({ status: 201, baseUrl: 'http://a.test' });
    expect(caller.urlIndex).toBe(0);
    expect(stats.failovers).toBe(0);
    expect(stats.httpStatuses).toEqual({ 201: 1, 503: 1 });
  });
});

describe('retryAfterMs', () => {
  it('reads seconds or an HTTP date, defaults to 1 s, and caps at a minute', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs('0')).toBe(0);
    expect(retryAfterMs(null)).toBe(1000);
    expect(retryAfterMs('')).toBe(1000);
    expect(retryAfterMs('soon')).toBe(1000);
    expect(retryAfterMs('3600')).toBe(60_000);
    const now = Date.parse('2026-11-25T12:00:00Z');
    expect(retryAfterMs('Wed, 25 Nov 2026 12:00:05 GMT', now)).toBe(5000);
    expect(retryAfterMs('Wed, 25 Nov 2026 11:00:00 GMT', now)).toBe(0);
  });
});
