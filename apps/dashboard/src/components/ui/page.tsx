import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { cx } from './cx';
import { Icon } from './icon';
import styles from './page.module.css';

export function Page({ children, className }: { children: ReactNode; className?: string }) {
  return <main className={cx(styles.page, className)}>{children}</main>;
}

export function PageHeader({
  title,
  subtitle,
  actions,
  breadcrumbs,
}: {
  title: ReactNode;
  subtitle?: ReactNode;
  actions?: ReactNode;
  breadcrumbs?: Array<{ label: string; to: string }>;
}) {
  return (
    <header className={styles.header}>
      <div>
        {breadcrumbs && breadcrumbs.length > 0 && (
          <nav aria-label="Breadcrumb" className={styles.breadcrumbs}>
            {breadcrumbs.map((crumb) => (
              <span key={crumb.to} style={{ display: 'inline-flex', alignItems: 'center', gap: 6 }}>
                <Link to={crumb.to}>{crumb.label}</Link>
                <Icon name="chevronRight" size={12} />
              </span>
            ))}
          </nav>
        )}
        <h1 className={styles.title}>{title}</h1>
        {subtitle && <div className={styles.subtitle}>{subtitle}</div>}
      </div>
      {actions && <div className={styles.actions}>{actions}</div>}
    </header>
  );
}
