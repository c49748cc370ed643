import type { ReactNode } from 'react';
import styles from './chip.module.css';
import { cx } from './cx';

/** A toggle pill (filters): aria-pressed tells screen readers whether it is on. */
export function Chip({
  pressed,
  onPressedChange,
  count,
  status,
  children,
  label,
}: {
  pressed: boolean;
  onPressedChange: (pressed: boolean) => void;
  count?: number;
  /** Shows the status colour dot. */
  status?: string;
  children: ReactNode;
  /** Accessible name when the visible content is not enough. */
  label?: string;
}) {
  return (
    <button
      type="button"
      className={cx(styles.chip, count === 0 && !pressed && styles.empty)}
      aria-pressed={pressed}
      aria-label={label}
      data-status={status}
      onClick={() => onPressedChange(!pressed)}
    >
      {status && <span className={styles.dot} aria-hidden="true" />}
      {children}
      {count !== undefined && <span className={styles.count}>{count.toLocaleString()}</span>}
    </button>
  );
}
