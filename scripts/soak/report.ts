/** A plain-text table: first column left-aligned, the others too (they hold words as well as numbers). */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => (c ?? '').padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

export function seconds(ms: number | null): string {
  return ms === null ? 'not back' : `${(ms / 1000).toFixed(1)} s`;
}

export function megabytes(kb: number): string {
  return `${Math.round(kb / 1024)} MB`;
}

export const iso = (ms: number | Date) => new Date(ms).toISOString();

/** m:ss from the start of the run. */
export function clock(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}

export function pairs(record: Record<string, number>): string {
  const entries = Object.entries(record).filter(([, n]) => n > 0);
  return entries.length === 0 ? 'none' : entries.map(([k, n]) => `${k} ${n}`).join(', ');
}

export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Replies with a 5xx other than 503 (the contract allows 503 with Retry-After, nothing else). */
export function serverErrors(statuses: Record<string, number>): number {
  return Object.entries(statuses)
    .filter(([status]) => status.startsWith('5') && status !== '503')
    .reduce((n, [, count]) => n + count, 0);
}
