import type { BulkSkipReason } from '@cutover/domain';

/** The skipped devices of one reason as the bulk statement returns them. */
export interface SkipGroup {
  reason: BulkSkipReason;
  n: number;
  /**
   * Comma-separated: 1-based positions in the ids sent (a selection by ids), or the device ids themselves
   * (a selection by filter).
   */
  keys: string;
}

const UUID_LENGTH = 36;
/** A uuid and its separator in a comma-separated list of them. */
const UUID_STRIDE = UUID_LENGTH + 1;
const ENTRY_HEAD = ',{"deviceId":"';

/**
 * The BulkActionResponse as JSON bytes, written straight into one buffer from the statement's groups: a
 * uuid and a reason word need no escaping. For 10 000 skipped devices (~700 KB) this takes ~2 ms, where
 * building the text (joined or appended) and encoding it took 5–8 ms, and PostgreSQL writing per-device
 * JSON and parsing it back 15–30 ms (issue #14, the second click).
 * `sentIds`: a selection by ids, the ids as sent (lower case, each once), which the groups' positions
 * point into; null for a selection by filter, whose groups carry the ids.
 */
export function bulkReplyBytes(reply: {
  affected: number;
  activityId: string;
  skipped: readonly SkipGroup[];
  sentIds: readonly string[] | null;
}): Buffer {
  const head = Buffer.from(`{"affected":${reply.affected},"skipped":[`, 'latin1');
  const foot = Buffer.from(`],"activityId":${JSON.stringify(reply.activityId)}}`, 'latin1');
  const groups = reply.skipped.map((group) => ({
    template: Buffer.from(`${ENTRY_HEAD}${' '.repeat(UUID_LENGTH)}","reason":"${group.reason}"}`, 'latin1'),
    ids: reply.sentIds === null ? idsIn(group.keys) : idsAt(group.keys, reply.sentIds),
  }));
  let size = head.length + foot.length;
  for (const g of groups) size += g.ids.length * g.template.length;
  const out = Buffer.allocUnsafe(size);
  let pos = head.copy(out, 0);
  let first = true;
  for (const { template, ids } of groups) {
    for (let i = 0; i < ids.length; i += 1) {
      // the first entry of the list goes without its leading comma
      pos += template.copy(out, pos, first ? 1 : 0);
      first = false;
      out.write(ids[i], pos - template.length + ENTRY_HEAD.length, UUID_LENGTH, 'latin1');
    }
  }
  pos += foot.copy(out, pos);
  return out.subarray(0, pos);
}

/** The ids of a comma-separated list of them. */
function idsIn(keys: string): string[] {
  const ids: string[] = [];
  for (let at = 0; at < keys.length; at += UUID_STRIDE) ids.push(keys.slice(at, at + UUID_LENGTH));
  return ids;
}

/** The ids at a comma-separated list of 1-based positions in `sent`. */
function idsAt(keys: string, sent: readonly string[]): string[] {
  const ids: string[] = [];
  if (keys === '') return ids;
  let n = 0;
  for (let i = 0; i <= keys.length; i += 1) {
    const c = i < keys.length ? keys.charCodeAt(i) : 44; // ',' ends the last one too
    if (c === 44) {
      ids.push(sent[n - 1]);
      n = 0;
    } else n = n * 10 + (c - 48);
  }
  return ids;
}
