import { Outlet, useLocation, useParams } from 'react-router';
import { Callout } from '../../components/ui/callout';
import { EmptyState } from '../../components/ui/empty-state';
import { Page } from '../../components/ui/page';
import { LoadingBlock } from '../../components/ui/spinner';
import { LinkTabs, TabPanel } from '../../components/ui/tabs';
import { useMigration } from '../../features/migrations/api/get-migration';
import { MigrationHeader } from '../../features/migrations/components/migration-header';
import { totalDevices } from '../../features/migrations/components/labels';
import { errorMessage, isApiError } from '../../lib/api-client';
import styles from './migration.module.css';

const TAB_IDS = ['overview', 'devices', 'alerts', 'activity', 'cutover-night', 'morning-report'] as const;

/** The migration page: its header, the tabs, and the selected tab's route below. */
export function MigrationLayoutRoute() {
  const { migrationId = '' } = useParams();
  const location = useLocation();
  const migration = useMigration({ migrationId });
  const base = `/migrations/${migrationId}`;
  const segment = location.pathname.slice(base.length).split('/')[1] ?? '';
  const selected = (TAB_IDS as readonly string[]).includes(segment) ? segment : 'overview';

  if (migration.isPending) return <LoadingBlock label="Loading migration…" />;
  if (migration.isError) {
    return (
      <Page>
        {isApiError(migration.error, 404) ? (
          <EmptyState icon="alertCircle" title="Migration not found">
            It may have been removed, or it belongs to another partner account.
          </EmptyState>
        ) : (
          <Callout tone="danger" title="This migration could not be loaded" role="alert">
            {errorMessage(migration.error)}
          </Callout>
        )}
      </Page>
    );
  }
  const data = migration.data;
  return (
    <Page className={styles.page}>
      <MigrationHeader migration={data} />
      <LinkTabs
        label="Migration sections"
        selectedId={selected}
        tabs={[
          { id: 'overview', label: 'Overview', to: base },
          { id: 'devices', label: 'Devices', to: `${base}/devices`, count: totalDevices(data) },
          {
            id: 'alerts',
            label: 'Alerts',
            to: `${base}/alerts`,
            count: data.openAlerts,
            countTone: 'warning',
          },
          { id: 'activity', label: 'Activity', to: `${base}/activity` },
          { id: 'cutover-night', label: 'Cutover night', to: `${base}/cutover-night` },
          { id: 'morning-report', label: 'Morning report', to: `${base}/morning-report` },
        ]}
      />
      <TabPanel tabId={selected} className={styles.panel}>
        <Outlet context={data} />
      </TabPanel>
    </Page>
  );
}
