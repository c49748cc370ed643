import type { Migration } from '@cutover/domain';
import { Link } from 'react-router';
import { Icon } from '../../../components/ui/icon';
import { StackedBar } from '../../../components/ui/stacked-bar';
import { formatNumber } from '../../../lib/format';
import { CutoverTime } from './cutover-time';
import { countOf, MIGRATION_TYPE_LABELS, statusSegments, totalDevices } from './labels';
import styles from './migrations.module.css';

/** Every migration of the partner, soonest cutover first; each row is a link named by the customer. */
export function MigrationsTable({ migrations }: { migrations: Migration[] }) {
  const sorted = [...migrations].sort((a, b) => a.cutoverAt.localeCompare(b.cutoverAt));
  return (
    <div className={styles.tableWrap}>
      <table className={styles.table} aria-label="Migrations">
        <thead>
          <tr>
            <th scope="col">Customer</th>
            <th scope="col">Cutover</th>
            <th scope="col">Type</th>
            <th scope="col">Devices by status</th>
            <th scope="col" className={styles.num}>
              Open alerts
            </th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((migration) => {
            const total = totalDevices(migration);
            const failed = countOf(migration, 'profile_failed', 'switch_failed');
            const completed = countOf(migration, 'completed');
            return (
              <tr key={migration.id}>
                <td>
                  <Link to={`/migrations/${migration.id}`} className={styles.customer}>
                    {migration.customerName}
                  </Link>
                </td>
                <td>
                  <CutoverTime cutoverAt={migration.cutoverAt} />
                </td>
                <td>{MIGRATION_TYPE_LABELS[migration.migrationType] ?? migration.migrationType}</td>
                <td className={styles.devicesCell}>
                  <div className={styles.devicesSummary}>
                    <span>
                      <strong>{formatNumber(total)}</strong> {total === 1 ? 'device' : 'devices'}
                    </span>
                    <span>
                      {failed > 0 && (
                        <span className={styles.failedCount}>{formatNumber(failed)} failed · </span>
                      )}
                      {formatNumber(completed)} completed
                    </span>
                  </div>
                  <StackedBar segments={statusSegments(migration)} />
                </td>
                <td className={styles.num}>
                  {migration.openAlerts > 0 ? (
                    <span className={styles.alertsPill}>
                      <Icon name="alert" size={14} />
                      {formatNumber(migration.openAlerts)}
                    </span>
                  ) : (
                    <span className={styles.none}>None</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
