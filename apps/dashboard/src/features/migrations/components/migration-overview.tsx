import type { Migration } from '@cutover/domain';
import { Link } from 'react-router';
import { Card } from '../../../components/ui/card';
import { Icon } from '../../../components/ui/icon';
import { formatNumber } from '../../../lib/format';
import { EnrollmentKeyCard } from './enrollment-key-card';
import { InstallAgentCard } from './install-agent-card';
import { MigrationStats } from './migration-stats';
import styles from './migrations.module.css';
import { StatusBreakdown } from './status-breakdown';

/** The Overview tab: the numbers, the status breakdown, the enrollment key and how to install the agent. */
export function MigrationOverview({
  migration,
  online,
  serverUrl,
}: {
  migration: Migration;
  /** D2: devices online now; null when unknown. */
  online: number | null;
  serverUrl: string;
}) {
  const base = `/migrations/${migration.id}`;
  return (
    <>
      <MigrationStats migration={migration} online={online} />
      <div className={styles.overviewGrid}>
        <div className={styles.stack}>
          <StatusBreakdown
            migration={migration}
            devicesHref={(status) => `${base}/devices?status=${status}`}
          />
          <InstallAgentCard migration={migration} serverUrl={serverUrl} />
        </div>
        <div className={styles.stack}>
          <EnrollmentKeyCard migration={migration} />
          <Card title="Readiness alerts" description="Check for last-minute alerts before cutover (D3).">
            {migration.openAlerts > 0 ? (
              <div className={styles.alertsItem}>
                <span className={styles.alertsCount}>
                  <Icon name="alert" />
                  <strong>{formatNumber(migration.openAlerts)}</strong> open{' '}
                  {migration.openAlerts === 1 ? 'alert' : 'alerts'}
                </span>
                <Link to={`${base}/alerts`}>Review alerts</Link>
              </div>
            ) : (
              <p className={styles.noAlerts}>
                <Icon name="checkCircle" /> No open alerts
              </p>
            )}
          </Card>
        </div>
      </div>
    </>
  );
}
