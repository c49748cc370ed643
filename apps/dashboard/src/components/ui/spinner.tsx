import type { CSSProperties } from 'react';
import { cx } from './cx';
import styles from './surface.module.css';

export function Spinner({ size = 'md', label }: { size?: 'md' | 'lg'; label?: string }) {
  return (
    <span
      className={cx(styles.spinner, size === 'lg' && styles.lg)}
      role={label ? 'status' : undefined}
      aria-label={label}
    />
  );
}

/** A centred spinner with text, for a page or panel that is loading. */
export function LoadingBlock({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className={styles.center} role="status">
      <span className={cx(styles.spinner, styles.lg)} aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}

export function Skeleton({
  width = '100%',
  height,
  style,
}: {
  width?: number | string;
  height?: number;
  style?: CSSProperties;
}) {
  return <span className={styles.skeleton} style={{ width, height, ...style }} aria-hidden="true" />;
}
