import type { Migration } from '@cutover/domain';
import { useOutletContext } from 'react-router';
import { MorningReportView } from '../../features/migration-summary/components/morning-report-view';
import { summaryDevicesHref } from './migration-summary-links';

export function MigrationMorningReportRoute() {
  const migration = useOutletContext<Migration>();
  return <MorningReportView migration={migration} devicesHref={summaryDevicesHref(migration.id)} />;
}
