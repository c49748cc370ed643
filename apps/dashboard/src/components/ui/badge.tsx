import type { ReactNode } from 'react';
import styles from './badge.module.css';
import { cx } from './cx';

export type BadgeTone = 'neutral' | 'info' | 'warning' | 'danger' | 'success';

export function Badge({
  tone = 'neutral',
  count = false,
  children,
  className,
  title,
}: {
  tone?: BadgeTone;
  count?: boolean;
  children: ReactNode;
  className?: string;
  title?: string;
}) {
  return (
    <span className={cx(styles.badge, styles[tone], count && styles.count, className)} title={title}>
      {children}
    </span>
  );
}
