import type { Migration } from '@cutover/domain';
import { useOutletContext } from 'react-router';
import { CutoverNightView } from '../../features/migration-summary/components/cutover-night-view';
import { summaryDevicesHref } from './migration-summary-links';

export function MigrationCutoverNightRoute() {
  const migration = useOutletContext<Migration>();
  return <CutoverNightView migration={migration} devicesHref={summaryDevicesHref(migration.id)} />;
}
