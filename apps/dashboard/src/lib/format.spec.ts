import { formatCutoverCountdown, formatDuration, formatIntervalWords, formatRelative } from './format';

const MIN = 60_000;
const HOUR = 60 * MIN;

describe('formatDuration', () => {
  it.each([
    [30_000, '30 s'],
    [39 * MIN, '39 min'],
    [59.6 * MIN, '1 h'],
    [3 * HOUR + 59.7 * MIN, '4 h'],
    [3 * HOUR + 12 * MIN, '3 h 12 min'],
    [10 * HOUR + 40 * MIN, '11 h'],
    [23 * HOUR + 50 * MIN, '1 d'],
    [47 * HOUR + 59 * MIN, '2 d'],
    [26 * HOUR, '1 d 2 h'],
    [9 * 24 * HOUR + 5 * HOUR, '9 d'],
  ])('%d ms reads "%s"', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('formatIntervalWords', () => {
  it.each([
    [120, '2 minutes'],
    [60, '1 minute'],
    [90, '90 seconds'],
    [5, '5 seconds'],
    [3600, '1 hour'],
    [5400, '90 minutes'],
  ])('%i s reads "%s"', (seconds, text) => expect(formatIntervalWords(seconds)).toBe(text));
});

describe('relative times', () => {
  const now = Date.parse('2025-11-25T12:00:00Z');
  it('says "in" for the future and "ago" for the past', () => {
    expect(formatRelative('2025-11-25T12:39:00Z', now)).toBe('in 39 min');
    expect(formatRelative('2025-11-25T11:57:00Z', now)).toBe('3 min ago');
    expect(formatRelative('2025-11-25T12:00:05Z', now)).toBe('just now');
  });

  it('counts down to the cutover, then says how long ago it happened', () => {
    expect(formatCutoverCountdown('2025-11-27T14:00:00Z', now)).toBe('in 2 d 2 h');
    expect(formatCutoverCountdown('2025-11-25T09:00:00Z', now)).toBe('cut over 3 h ago');
  });
});
