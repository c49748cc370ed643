import type { Migration } from '@cutover/domain';
import { useState } from 'react';
import { Button } from '../../../components/ui/button';
import { Icon } from '../../../components/ui/icon';
import { PageHeader } from '../../../components/ui/page';
import { useToast } from '../../../components/ui/toast';
import { formatNumber } from '../../../lib/format';
import { CutoverTime } from './cutover-time';
import { EditMigrationDialog } from './edit-migration-dialog';
import { MIGRATION_TYPE_LABELS, totalDevices } from './labels';
import styles from './migrations.module.css';

export function MigrationHeader({ migration }: { migration: Migration }) {
  const [editing, setEditing] = useState(false);
  const toast = useToast();
  const total = totalDevices(migration);
  return (
    <>
      <PageHeader
        breadcrumbs={[{ label: 'Migrations', to: '/migrations' }]}
        title={migration.customerName}
        subtitle={
          <div className={styles.metaRow}>
            <span className={styles.metaItem}>
              <Icon name="clock" size={14} />
              Cutover <CutoverTime cutoverAt={migration.cutoverAt} inline />
            </span>
            <span className={styles.metaItem}>
              <Icon name="zap" size={14} />
              <strong>{MIGRATION_TYPE_LABELS[migration.migrationType] ?? migration.migrationType}</strong>
            </span>
            <span className={styles.metaItem}>
              <Icon name="laptop" size={14} />
              <strong>{formatNumber(total)}</strong> {total === 1 ? 'device' : 'devices'}
            </span>
            <span className={styles.metaItem}>
              <Icon name="settings" size={14} />
              {migration.maxConcurrentTransfers === null
                ? 'No transfer cap'
                : `${formatNumber(migration.maxConcurrentTransfers)} transfers at once`}
            </span>
          </div>
        }
        actions={
          <Button icon="edit" onClick={() => setEditing(true)}>
            Edit migration
          </Button>
        }
      />
      {editing && (
        <EditMigrationDialog
          migration={migration}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            toast({ tone: 'success', title: 'Migration saved' });
          }}
        />
      )}
    </>
  );
}
