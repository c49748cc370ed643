import { randomUUID } from 'node:crypto';
import { skippedJson } from './bulk-actions.repository';

describe('skippedJson: the bulk reply’s skipped list spelled out from ids grouped by reason', () => {
  it('is the JSON of one { deviceId, reason } per id, group by group', () => {
    const a = [randomUUID(), randomUUID()];
    const b = [randomUUID()];
    const text = skippedJson([
      { reason: 'retry_already_queued', ids: a.join(',') },
      { reason: 'not_found', ids: b.join(',') },
    ]);
    expect(JSON.parse(text)).toEqual([
      { deviceId: a[0], reason: 'retry_already_queued' },
      { deviceId: a[1], reason: 'retry_already_queued' },
      { deviceId: b[0], reason: 'not_found' },
    ]);
  });

  it('is an empty list without groups, and round-trips 10 000 ids', () => {
    expect(JSON.parse(skippedJson([]))).toEqual([]);
    const ids = Array.from({ length: 10_000 }, () => randomUUID());
    const parsed = JSON.parse(skippedJson([{ reason: 'already_completed', ids: ids.join(',') }]));
    expect(parsed.map((s: { deviceId: string }) => s.deviceId)).toEqual(ids);
  });
});
