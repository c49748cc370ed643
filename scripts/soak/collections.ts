/** Grouping and counting for the checks and the report. */

export function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

/** Keys in order, so that a printed count reads the same from run to run. */
function sortedByKey(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

export function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return sortedByKey(counts);
}

export function mergeCounts(...records: Record<string, number>[]): Record<string, number> {
  const merged: Record<string, number> = {};
  for (const record of records) for (const [k, n] of Object.entries(record)) merged[k] = (merged[k] ?? 0) + n;
  return sortedByKey(merged);
}
