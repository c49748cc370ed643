import type { Migration } from '@cutover/domain';
import { Link } from 'react-router';
import { Card } from '../../../components/ui/card';
import { StackedBar } from '../../../components/ui/stacked-bar';
import { formatNumber } from '../../../lib/format';
import { statusSegments, totalDevices } from './labels';
import styles from './migrations.module.css';

/** D12: how many devices are where; each status links to the Devices tab filtered to it. */
export function StatusBreakdown({
  migration,
  devicesHref,
}: {
  migration: Migration;
  devicesHref: (status: string) => string;
}) {
  const total = totalDevices(migration);
  const segments = statusSegments(migration);
  return (
    <Card
      title="Status breakdown"
      description={total === 0 ? 'No devices have enrolled yet.' : `${formatNumber(total)} devices enrolled`}
    >
      <StackedBar segments={segments} size="lg" />
      <ul className={styles.breakdown} aria-label="Devices by status">
        {segments.map((segment) => {
          const pct = total === 0 ? 0 : (segment.count / total) * 100;
          return (
            <li key={segment.status} className={styles.breakdownRow} data-status={segment.status}>
              <span className={styles.breakdownLabel}>
                <span className={styles.swatch} style={{ background: 'var(--s)' }} aria-hidden="true" />
                {segment.count > 0 ? (
                  <Link to={devicesHref(segment.status)}>{segment.label}</Link>
                ) : (
                  <span style={{ color: 'var(--color-text-subtle)' }}>{segment.label}</span>
                )}
              </span>
              <span className={styles.breakdownTrack} aria-hidden="true">
                <span className={styles.breakdownFill} style={{ width: `${pct}%`, display: 'block' }} />
              </span>
              <span className={styles.breakdownCount}>{formatNumber(segment.count)}</span>
              <span className={styles.breakdownPct}>
                {total === 0 ? '–' : `${pct < 1 && pct > 0 ? '<1' : Math.round(pct)}%`}
              </span>
            </li>
          );
        })}
      </ul>
    </Card>
  );
}
