import type { Migration } from '@cutover/domain';
import { useOutletContext } from 'react-router';
import { ActivityView } from '../../features/activity/components/activity-view';

export function MigrationActivityRoute() {
  const migration = useOutletContext<Migration>();
  return <ActivityView migrationId={migration.id} />;
}
