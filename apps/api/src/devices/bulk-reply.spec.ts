import { randomUUID } from 'node:crypto';
import { bulkReplyBytes } from './bulk-reply';

const parse = (bytes: Buffer) => JSON.parse(bytes.toString('utf8'));

describe('bulkReplyBytes: the bulk reply spelled out from the skipped devices grouped by reason', () => {
  const activityId = randomUUID();

  it('by filter: the keys are ids, one { deviceId, reason } per id, group by group', () => {
    const a = [randomUUID(), randomUUID()];
    const b = [randomUUID()];
    const reply = bulkReplyBytes({
      affected: 3,
      activityId,
      sentIds: null,
      skipped: [
        { reason: 'retry_already_queued', n: 2, keys: a.join(',') },
        { reason: 'not_found', n: 1, keys: b.join(',') },
      ],
    });
    expect(parse(reply)).toEqual({
      affected: 3,
      activityId,
      skipped: [
        { deviceId: a[0], reason: 'retry_already_queued' },
        { deviceId: a[1], reason: 'retry_already_queued' },
        { deviceId: b[0], reason: 'not_found' },
      ],
    });
  });

  it('by ids: the keys are 1-based positions in the ids sent', () => {
    const ids = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const reply = bulkReplyBytes({
      affected: 0,
      activityId,
      sentIds: ids,
      skipped: [
        { reason: 'not_found', n: 2, keys: '4,1' },
        { reason: 'already_completed', n: 1, keys: '3' },
      ],
    });
    expect(parse(reply).skipped).toEqual([
      { deviceId: ids[3], reason: 'not_found' },
      { deviceId: ids[0], reason: 'not_found' },
      { deviceId: ids[2], reason: 'already_completed' },
    ]);
  });

  it('nothing skipped: an empty list, the exact bytes', () => {
    for (const sentIds of [null, [randomUUID()]]) {
      const reply = bulkReplyBytes({ affected: 1, activityId, sentIds, skipped: [] });
      expect(reply.toString('utf8')).toBe(`{"affected":1,"skipped":[],"activityId":"${activityId}"}`);
    }
  });

  it('round-trips 10 000 devices either way, positions in any order', () => {
    const ids = Array.from({ length: 10_000 }, () => randomUUID());
    const byFilter = bulkReplyBytes({
      affected: 0,
      activityId,
      sentIds: null,
      skipped: [{ reason: 'already_completed', n: ids.length, keys: ids.join(',') }],
    });
    expect(parse(byFilter).skipped.map((s: { deviceId: string }) => s.deviceId)).toEqual(ids);
    const backwards = ids.map((_, i) => ids.length - i).join(',');
    const byIds = bulkReplyBytes({
      affected: 0,
      activityId,
      sentIds: ids,
      skipped: [
        { reason: 'already_completed', n: 1, keys: '10000' },
        { reason: 'retry_already_queued', n: ids.length - 1, keys: backwards.slice('10000,'.length) },
      ],
    });
    const skipped = parse(byIds).skipped as { deviceId: string; reason: string }[];
    expect(skipped[0]).toEqual({ deviceId: ids[9999], reason: 'already_completed' });
    expect(skipped.slice(1).map((s) => s.deviceId)).toEqual([...ids].reverse().slice(1));
    expect(new Set(skipped.slice(1).map((s) => s.reason))).toEqual(new Set(['retry_already_queued']));
  });
});
