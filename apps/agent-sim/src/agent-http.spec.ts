import { retryAfterMs } from './agent-http';

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
