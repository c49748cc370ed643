import type { ReactNode } from 'react';
import { cx } from './cx';
import styles from './surface.module.css';

export function Card({
  title,
  description,
  actions,
  children,
  className,
  headingLevel = 2,
}: {
  title?: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
  headingLevel?: 2 | 3;
}) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <section className={cx(styles.card, className)}>
      {(title || actions) && (
        <div className={styles.cardHeader}>
          <div>
            {title && <Heading className={styles.cardTitle}>{title}</Heading>}
            {description && <p className={styles.cardDescription}>{description}</p>}
          </div>
          {actions}
        </div>
      )}
      <div className={styles.cardBody}>{children}</div>
    </section>
  );
}
