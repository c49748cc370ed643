import { formatDateTime, pluralize } from '../../../lib/format';
import styles from './summary.module.css';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const pad = (n: number) => String(n).padStart(2, '0');

/** "03:14:05", or "2 d 03:14:05" beyond a day: whole seconds, rounded down, so it reaches 00:00:00 at the target. */
export function formatClock(ms: number): string {
  const total = Math.floor(Math.abs(ms) / SECOND);
  const days = Math.floor(total / 86_400);
  const clock = `${pad(Math.floor((total % 86_400) / 3600))}:${pad(Math.floor((total % 3600) / 60))}:${pad(total % 60)}`;
  return days > 0 ? `${days} d ${clock}` : clock;
}

/** The same span in words at minute precision, for screen readers: "2 days 3 hours", "1 hour 14 minutes". */
export function formatSpokenDuration(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < MINUTE) return 'less than a minute';
  const days = Math.floor(abs / DAY);
  const hours = Math.floor((abs % DAY) / HOUR);
  const minutes = Math.floor((abs % HOUR) / MINUTE);
  if (days > 0)
    return hours > 0 ? `${pluralize(days, 'day')} ${pluralize(hours, 'hour')}` : pluralize(days, 'day');
  if (hours > 0)
    return minutes > 0
      ? `${pluralize(hours, 'hour')} ${pluralize(minutes, 'minute')}`
      : pluralize(hours, 'hour');
  return pluralize(minutes, 'minute');
}

/**
 * One ticking countdown. The digits change every second, so they are hidden from screen readers and the timer is
 * not live (aria-live="off"); a visually hidden sentence at minute precision says the same thing.
 */
export function Countdown({
  id,
  target,
  now,
  before,
  after,
}: {
  id: string;
  target: string;
  now: number;
  /** "Cutover in" */
  before: string;
  /** "Cutover was" (followed by "… ago") */
  after: string;
}) {
  const diff = new Date(target).getTime() - now;
  const upcoming = diff > 0;
  const when = formatDateTime(target);
  return (
    <div className={styles.countdown} data-state={upcoming ? 'upcoming' : 'past'}>
      <p className={styles.countdownLabel} id={`${id}-label`} aria-hidden="true">
        {upcoming ? before : after}
      </p>
      <div role="timer" aria-live="off" aria-atomic="true" aria-labelledby={`${id}-label`} id={id}>
        <span className={styles.countdownClock} aria-hidden="true">
          {formatClock(diff)}
          {!upcoming && <span className={styles.countdownAgo}> ago</span>}
        </span>
        <span className="sr-only">
          {upcoming
            ? `${before} ${formatSpokenDuration(diff)}, at ${when}.`
            : `${after} ${formatSpokenDuration(diff)} ago, at ${when}.`}
        </span>
      </div>
      <p className={styles.countdownAt}>
        <time dateTime={target}>{when}</time>
      </p>
    </div>
  );
}
