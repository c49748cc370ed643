import {
  DEVICE_STATUSES,
  DEVICE_STATUS_LABELS,
  MIGRATION_TYPES,
  localDataScope,
  transferLocalData,
  type LocalDataScope,
  type MigrationType,
} from './vocabulary';

describe('device status vocabulary', () => {
  it('every status has a human label', () => {
    expect(Object.keys(DEVICE_STATUS_LABELS).sort()).toEqual([...DEVICE_STATUSES].sort());
    expect(DEVICE_STATUS_LABELS.queued_for_bandwidth).toBe('Queued for bandwidth');
  });
});

describe('local data by migration type', () => {
  it.each<[MigrationType, LocalDataScope]>([
    ['pop3', 'mail_and_archives'],
    ['exchange', 'archives'],
    ['imap', 'archives'],
    ['google', 'archives'],
  ])('D7: a %s migration moves %s', (type, scope) => {
    expect(localDataScope(type)).toBe(scope);
  });

  it.each(MIGRATION_TYPES)('D7: a %s switch transfers local data', (type) => {
    expect(transferLocalData(type)).toBe(true);
  });
});
