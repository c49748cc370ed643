import { cx } from '../../../components/ui/cx';
import { formatTime } from '../../../lib/format';
import styles from './devices.module.css';

/** Tells the partner the list keeps itself current (and when it last did), or that refreshing fails. */
export function LiveIndicator({ updatedAt, failing }: { updatedAt: number; failing: boolean }) {
  const when = updatedAt > 0 ? formatTime(new Date(updatedAt).toISOString()) : null;
  return (
    <span
      className={styles.live}
      title={when ? `Refreshes every 5 seconds. Last update ${when}.` : 'Refreshes every 5 seconds.'}
    >
      <span className={cx(styles.liveDot, failing && styles.liveDotError)} aria-hidden="true" />
      {failing ? 'Reconnecting…' : when ? `Live · ${when}` : 'Live'}
    </span>
  );
}
