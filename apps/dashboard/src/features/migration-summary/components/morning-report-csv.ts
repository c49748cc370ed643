import type { MigrationSummaryResponse } from '../api/get-migration-summary';

// a cell starting with one of these is a formula to a spreadsheet: agent-reported codes and messages are untrusted
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV field: always quoted, quotes doubled, text that a spreadsheet would run as a formula made inert. */
export function csvField(value: string | number): string {
  const text = typeof value === 'number' ? String(value) : FORMULA_START.test(value) ? `'${value}` : value;
  return `"${text.replace(/"/g, '""')}"`;
}

export function csvRow(fields: Array<string | number>): string {
  return fields.map(csvField).join(',');
}

export const MORNING_REPORT_CSV_HEADER = ['Row', 'Error code', 'Message', 'Troubleshooting URL', 'Devices'];

export function failedCount(summary: MigrationSummaryResponse): number {
  return (summary.byStatus.profile_failed ?? 0) + (summary.byStatus.switch_failed ?? 0);
}

/**
 * D12 as CSV (RFC 4180, CRLF): the totals, then one row per failure code with its message, troubleshooting link
 * (made absolute with `origin`) and device count.
 */
export function morningReportCsv(summary: MigrationSummaryResponse, { origin }: { origin: string }): string {
  const total = (label: string, count: number) => csvRow([label, '', '', '', count]);
  const absolute = (url: string) => (url.startsWith('/') ? `${origin}${url}` : url);
  const lines = [
    csvRow(MORNING_REPORT_CSV_HEADER),
    total('Devices', summary.devices),
    total('Completed', summary.completed),
    total('Failed', failedCount(summary)),
    total('Never seen', summary.neverSeen),
    total('Offline', summary.offline),
    total('Manual retry required', summary.manualRetryRequired),
    ...summary.failuresByCode.map((f) =>
      csvRow(['Failure', f.code, f.message, absolute(f.troubleshootingUrl), f.count]),
    ),
  ];
  return `${lines.join('\r\n')}\r\n`;
}

/** "morning-report-contoso-ltd-2025-11-26.csv" */
export function morningReportFilename(customerName: string, asOf: string): string {
  const slug =
    customerName
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '') // accents off: "Zürich" → "zurich"
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'migration';
  return `morning-report-${slug}-${asOf.slice(0, 10)}.csv`;
}

/** Saves `text` as a file from the browser (no round trip: the report is already on screen). */
export function downloadCsv(filename: string, text: string): void {
  // the byte order mark makes Excel read the file as UTF-8
  const blob = new Blob(['\uFEFF', text], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
