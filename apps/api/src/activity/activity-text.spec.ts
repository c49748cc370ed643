import { describeActivity } from './activity-text';

describe('audit-log text', () => {
  it('describes a bulk retry by filter with its skips', () => {
    expect(
      describeActivity('devices.retry_profile_creation', {
        selection: 'filter',
        filter: { status: ['profile_failed', 'switch_failed'], q: 'nyc', hasError: true },
        requested: 12,
        affected: 9,
        skipped: { retry_already_queued: 2, profile_already_created: 1 },
      }),
    ).toBe(
      'Retry profile creation for all devices matching status profile_failed or switch_failed, "nyc", with an error: ' +
        '9 devices queued, skipped 2 a retry is already queued, 1 profile already created',
    );
  });

  it('describes a bulk retry by ids, and one device in the singular', () => {
    expect(
      describeActivity('devices.retry_profile_creation', {
        selection: 'ids',
        requested: 1,
        affected: 1,
        skipped: {},
      }),
    ).toBe('Retry profile creation for 1 selected device: 1 device queued');
  });

  it('describes changes field by field', () => {
    expect(
      describeActivity('migration.updated', {
        changes: {
          cutoverAt: { from: '2026-11-28T22:00:00.000Z', to: '2026-11-29T22:00:00.000Z' },
          maxConcurrentTransfers: { from: 10, to: null },
        },
      }),
    ).toBe(
      'Changed cutover from 2026-11-28T22:00:00.000Z to 2026-11-29T22:00:00.000Z; concurrent transfer cap from 10 to none',
    );
  });

  it('falls back to the JSON of an unknown action, and null for an empty one', () => {
    expect(describeActivity('future.action', { a: 1 })).toBe('{"a":1}');
    expect(describeActivity('future.action', {})).toBeNull();
  });
});
