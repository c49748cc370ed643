import type { TestApp } from '../test-app';
import { createMigration, makeDevices, type Partner, raiseAlert } from './factories';

/**
 * The small fleet the device list, detail, export and alerts tests read (devices.spec.ts,
 * devices-export.spec.ts): six devices in every shape the contract distinguishes (online, offline,
 * never seen; failed with a known and an unknown code; switching with progress; a hostname with `_` and
 * `%`), two open alerts on one device and a cleared one on another.
 */
export async function seedDeviceList(
  t: TestApp,
  p: Partner,
): Promise<{ migration: { id: string; partnerId: string }; ids: string[] }> {
  const m = await createMigration(p, { migrationType: 'exchange' });
  const migration = { id: m.id, partnerId: p.partnerId };
  const now = t.clock.now();
  const ids = await makeDevices(t.db, migration, [
    {
      hostname: 'PC-0001',
      windowsUser: 'CONTOSO\\alice',
      userEmail: 'alice@contoso.com',
      status: 'completed',
      lastSeenAt: now,
    },
    {
      hostname: 'pc-0002',
      windowsUser: 'CONTOSO\\bob',
      userEmail: 'bob@contoso.com',
      status: 'profile_failed',
      errorCode: 'AUTODISCOVER_FAILED',
      errorMessage: 'autodiscover.contoso.com did not answer',
      nextRetryAt: new Date(now.getTime() + 39 * 60_000),
      lastSeenAt: new Date(now.getTime() - 5 * 60_000),
      clientLastSeenAt: new Date(now.getTime() - 5 * 60_000),
      locked: false,
      outlookVersion: '16.0.4266.1001',
    },
    {
      hostname: 'PC-0003',
      windowsUser: 'CONTOSO\\carol',
      userEmail: 'carol@contoso.com',
      status: 'switch_failed',
      errorCode: 'DISK_FULL',
    },
    {
      hostname: 'LAPTOP-7',
      windowsUser: 'CONTOSO\\alan',
      userEmail: null,
      status: 'switching',
      progressStage: 'transferring_data',
      progressPercent: 42,
      lastSeenAt: new Date(now.getTime() - 6 * 60_000 - 1000),
    },
    {
      hostname: 'PC-0005',
      windowsUser: 'CONTOSO\\dave',
      userEmail: 'dave@contoso.com',
      status: 'profile_failed',
      errorCode: 'WEIRD_NEW_CODE',
      manualRetryRequired: true,
    },
    { hostname: 'PC_100%', windowsUser: 'CONTOSO\\eve', userEmail: 'eve@contoso.com', status: 'enrolled' },
  ]);
  await raiseAlert(
    t.db,
    { id: ids[1], migrationId: migration.id },
    'OUTLOOK_OUTDATED',
    new Date(now.getTime() - 3_600_000),
  );
  await raiseAlert(
    t.db,
    { id: ids[1], migrationId: migration.id },
    'SERVICE_UNREACHABLE',
    new Date(now.getTime() - 60_000),
  );
  await t.db.query(
    `INSERT INTO alert (device_id, migration_id, code, raised_at, cleared_at) VALUES ($1, $2, 'OUTLOOK_OUTDATED', $3, $3)`,
    [ids[0], migration.id, now],
  );
  return { migration, ids };
}
