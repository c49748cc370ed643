import { formatCutoverCountdown, formatDateTime, formatFullDateTime } from '../../../lib/format';
import { useNow } from '../../../lib/use-now';
import styles from './migrations.module.css';

/** The cutover in local time with a live countdown ("in 2 d 4 h") or how long ago it happened. */
export function CutoverTime({ cutoverAt, inline = false }: { cutoverAt: string; inline?: boolean }) {
  const now = useNow(30_000);
  const past = new Date(cutoverAt).getTime() <= now;
  const soon = !past && new Date(cutoverAt).getTime() - now < 24 * 3600_000;
  return (
    <span className={inline ? styles.cutoverInline : styles.cutover}>
      <time dateTime={cutoverAt} title={formatFullDateTime(cutoverAt)} className={styles.cutoverDate}>
        {formatDateTime(cutoverAt)}
      </time>
      <span className={past ? styles.countdownPast : soon ? styles.countdownSoon : styles.countdown}>
        {formatCutoverCountdown(cutoverAt, now)}
      </span>
    </span>
  );
}
