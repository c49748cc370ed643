/** Dates, durations and numbers as partners read them (local time, short units). */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const dateTime = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
});
const fullDateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'long' });
const timeOnly = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});
const numberFormat = new Intl.NumberFormat();

export function formatNumber(n: number): string {
  return numberFormat.format(n);
}

/** "Tue 25 Nov, 14:05" in the browser's time zone. */
export function formatDateTime(iso: string): string {
  return dateTime.format(new Date(iso));
}

export function formatFullDateTime(iso: string): string {
  return fullDateTime.format(new Date(iso));
}

export function formatTime(iso: string): string {
  return timeOnly.format(new Date(iso));
}

/** "2 d 4 h", "3 h 12 min", "12 min", "40 s": the two largest units. */
export function formatDuration(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < MINUTE) return `${Math.max(1, Math.round(abs / 1000))} s`;
  // round once to the unit shown, then split: never "3 h 60 min"
  const minutes = Math.round(abs / MINUTE);
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 10 * 60) {
    const m = minutes % 60;
    return m === 0 ? `${Math.floor(minutes / 60)} h` : `${Math.floor(minutes / 60)} h ${m} min`;
  }
  const hours = Math.round(abs / HOUR);
  if (hours < 24) return `${hours} h`;
  const d = Math.floor(hours / 24);
  const h = hours % 24;
  return h === 0 || d >= 7 ? `${d} d` : `${d} d ${h} h`;
}

/** A poll interval in words, as in "within 2 minutes": "2 minutes", "1 hour", "90 seconds". */
export function formatIntervalWords(seconds: number): string {
  if (seconds >= 3600 && seconds % 3600 === 0) return pluralize(seconds / 3600, 'hour');
  if (seconds >= 60 && seconds % 60 === 0) return pluralize(seconds / 60, 'minute');
  return pluralize(seconds, 'second');
}

/** "3 min ago", "in 39 min", "just now". */
export function formatRelative(iso: string, now: number): string {
  const diff = new Date(iso).getTime() - now;
  if (Math.abs(diff) < 10_000) return 'just now';
  return diff > 0 ? `in ${formatDuration(diff)}` : `${formatDuration(diff)} ago`;
}

/** The cutover as a countdown before it and as "cut over 3 h ago" after. */
export function formatCutoverCountdown(cutoverAt: string, now: number): string {
  const diff = new Date(cutoverAt).getTime() - now;
  if (Math.abs(diff) < MINUTE) return 'cutting over now';
  return diff > 0 ? `in ${formatDuration(diff)}` : `cut over ${formatDuration(diff)} ago`;
}

/** Value for <input type="datetime-local"> from an ISO instant, in local time. */
export function toDateTimeLocalValue(iso: string): string {
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** ISO instant from a datetime-local value (interpreted in the browser's time zone); null when empty or invalid. */
export function fromDateTimeLocalValue(value: string): string | null {
  if (value === '') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

export function pluralize(n: number, one: string, many = `${one}s`): string {
  return `${formatNumber(n)} ${n === 1 ? one : many}`;
}
