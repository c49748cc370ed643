import { randomUUID } from 'node:crypto';
import { binaryUuidArray } from './uuid-array';

/** array_recv's layout, read back: the test of the encoder without a server (the bulk tests send it to one). */
function decode(bytes: Buffer): string[] {
  expect([bytes.readInt32BE(0), bytes.readInt32BE(4), bytes.readInt32BE(8), bytes.readInt32BE(16)]).toEqual([
    1, 0, 2950, 1,
  ]);
  const n = bytes.readInt32BE(12);
  const ids: string[] = [];
  for (let k = 0, pos = 20; k < n; k += 1, pos += 20) {
    expect(bytes.readInt32BE(pos)).toBe(16);
    const hex = bytes.subarray(pos + 4, pos + 20).toString('hex');
    ids.push(
      `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`,
    );
  }
  expect(bytes.length).toBe(20 + n * 20);
  return ids;
}

describe('binaryUuidArray: uuids in PostgreSQL’s binary array format', () => {
  it('encodes every id, in order, whatever the case of its hex digits', () => {
    const ids = [
      randomUUID(),
      randomUUID().toUpperCase(),
      '00000000-0000-0000-0000-000000000000',
      'ffffffff-ffff-ffff-ffff-ffffffffffff',
    ];
    expect(decode(binaryUuidArray(ids))).toEqual(ids.map((id) => id.toLowerCase()));
  });

  it('an empty list is a one-dimensional array of length 0', () => {
    expect(decode(binaryUuidArray([]))).toEqual([]);
  });
});
