import { cx } from './cx';
import styles from './stacked-bar.module.css';

export interface BarSegment {
  status: string;
  count: number;
  label: string;
}

/** Device counts by status as one compact bar; the text alternative lists every non-empty segment. */
export function StackedBar({
  segments,
  size = 'md',
  className,
}: {
  segments: BarSegment[];
  size?: 'md' | 'lg';
  className?: string;
}) {
  const visible = segments.filter((s) => s.count > 0);
  const total = visible.reduce((sum, s) => sum + s.count, 0);
  const description =
    total === 0
      ? 'No devices yet'
      : visible.map((s) => `${s.count.toLocaleString()} ${s.label.toLowerCase()}`).join(', ');
  return (
    <div
      className={cx(styles.bar, size === 'lg' && styles.lg, className)}
      role="img"
      aria-label={description}
      title={description}
    >
      {visible.map((s) => (
        <div
          key={s.status}
          className={styles.segment}
          data-status={s.status}
          style={{ width: `${(s.count / total) * 100}%` }}
        />
      ))}
    </div>
  );
}
