import type { Migration } from '@cutover/domain';
import { useOutletContext } from 'react-router';
import { AlertsView } from '../../features/alerts/components/alerts-view';

export function MigrationAlertsRoute() {
  const migration = useOutletContext<Migration>();
  return (
    <AlertsView
      migrationId={migration.id}
      deviceHref={(deviceId) => `/migrations/${migration.id}/devices?device=${encodeURIComponent(deviceId)}`}
    />
  );
}
