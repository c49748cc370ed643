import type { ReactNode } from 'react';
import { cx } from './cx';
import { Icon, type IconName } from './icon';
import styles from './surface.module.css';

export type CalloutTone = 'info' | 'success' | 'warning' | 'danger';

const icons: Record<CalloutTone, IconName> = {
  info: 'info',
  success: 'checkCircle',
  warning: 'alert',
  danger: 'alertCircle',
};

export function Callout({
  tone = 'info',
  title,
  children,
  role,
  className,
}: {
  tone?: CalloutTone;
  title?: ReactNode;
  children?: ReactNode;
  role?: 'status' | 'alert';
  className?: string;
}) {
  return (
    <div className={cx(styles.callout, styles[tone], className)} role={role}>
      <Icon name={icons[tone]} size={18} />
      <div className={styles.calloutBody}>
        {title && <div className={styles.calloutTitle}>{title}</div>}
        {children}
      </div>
    </div>
  );
}
