import { cx } from './cx';
import styles from './progress-bar.module.css';

/** A determinate progress bar with its percentage (switch progress, D7). */
export function ProgressBar({
  percent,
  label,
  status,
  className,
}: {
  percent: number;
  label: string;
  status?: string;
  className?: string;
}) {
  const value = Math.max(0, Math.min(100, Math.round(percent)));
  return (
    <div className={cx(styles.wrap, className)} data-status={status}>
      <div
        className={styles.track}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={value}
      >
        <div className={styles.fill} style={{ width: `${value}%` }} />
      </div>
      <span className={styles.value} aria-hidden="true">
        {value}%
      </span>
    </div>
  );
}
