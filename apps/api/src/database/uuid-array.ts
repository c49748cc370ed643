import type { EntityManager } from 'typeorm';
import { onNodePostgres } from './driver';

/** PostgreSQL's type id of uuid: the element type a binary uuid[] names. */
const UUID_OID = 2950;
const UUID_BYTES = 16;

/**
 * Validated UUIDs (36 characters, hex digits in either case) as the value of one `$n::uuid[]` parameter.
 * On PostgreSQL, the array's binary form: node-postgres sends a Buffer as a binary parameter, and the
 * server copies 16 bytes per id instead of parsing text (10 000 ids: ~1 ms instead of ~8.5 ms of
 * PostgreSQL time, plus the driver measuring and encoding ~370 KB of text; issue #14). On the embedded
 * PGlite, the text literal.
 */
export function uuidArrayParam(manager: EntityManager, ids: readonly string[]): Buffer | string {
  return onNodePostgres(manager) ? binaryUuidArray(ids) : `{${ids.join(',')}}`;
}

/** array_recv's format: dimensions, no nulls, element type, length and lower bound, then each element sized. */
export function binaryUuidArray(ids: readonly string[]): Buffer {
  const out = Buffer.allocUnsafe(20 + ids.length * (4 + UUID_BYTES));
  out.writeInt32BE(1, 0); // one dimension
  out.writeInt32BE(0, 4); // no nulls
  out.writeInt32BE(UUID_OID, 8);
  out.writeInt32BE(ids.length, 12);
  out.writeInt32BE(1, 16); // lower bound
  let pos = 20;
  for (let k = 0; k < ids.length; k += 1) {
    const id = ids[k];
    out[pos] = 0;
    out[pos + 1] = 0;
    out[pos + 2] = 0;
    out[pos + 3] = UUID_BYTES;
    pos += 4;
    // 8-4-4-4-12 hex digits: the dashes are at 8, 13, 18 and 23
    for (let i = 0; i < 36; i += 2) {
      if (i === 8 || i === 13 || i === 18 || i === 23) i += 1;
      out[pos] = (HEX[id.charCodeAt(i)] << 4) | HEX[id.charCodeAt(i + 1)];
      pos += 1;
    }
  }
  return out;
}

/** A hex digit's value by its character code (either case). */
const HEX = new Uint8Array(128);
for (let d = 0; d < 10; d += 1) HEX[48 + d] = d;
for (let d = 0; d < 6; d += 1) HEX[65 + d] = HEX[97 + d] = 10 + d;
