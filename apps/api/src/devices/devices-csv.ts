import type { DeviceDto } from './dto/device.dto';

/** Columns of the CSV export, in order. */
const COLUMNS: [string, (d: DeviceDto) => unknown][] = [
  ['hostname', (d) => d.hostname],
  ['windows_user', (d) => d.windowsUser],
  ['user_email', (d) => d.userEmail],
  ['status', (d) => d.status],
  ['online', (d) => d.online],
  ['last_seen_at', (d) => d.lastSeenAt],
  ['client_last_seen_at', (d) => d.clientLastSeenAt],
  ['service_last_seen_at', (d) => d.serviceLastSeenAt],
  ['locked', (d) => d.locked],
  ['outlook_version', (d) => d.outlookVersion],
  ['error_code', (d) => d.error?.code],
  ['error_message', (d) => d.error?.message],
  ['troubleshooting_url', (d) => d.error?.troubleshootingUrl],
  ['next_retry_at', (d) => d.nextRetryAt],
  ['manual_retry_required', (d) => d.manualRetryRequired],
  ['progress_stage', (d) => d.progress?.stage],
  ['progress_percent', (d) => d.progress?.percent],
  ['alerts', (d) => d.alerts.map((a) => a.code).join(' ')],
  ['device_id', (d) => d.id],
];

/** What a spreadsheet would run as a formula (OWASP CSV injection), fullwidth forms included. */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
/**
 * Quoted: the separator of either convention (`,` here, `;` where spreadsheets use the decimal comma, so that
 * `x;=1+1` cannot split into a cell `=1+1`), tab, quotes, line breaks and padding.
 */
const NEEDS_QUOTES = /[",;\t\r\n]/;

/**
 * RFC 4180 quoting, and cells that a spreadsheet would run as a formula (=, +, -, @, tab, CR) are
 * prefixed with ' (OWASP CSV injection): hostnames and user names come from the field.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvHeader(): string {
  return `${COLUMNS.map(([name]) => name).join(',')}\r\n`;
}

export function csvRow(device: DeviceDto): string {
  return `${COLUMNS.map(([, get]) => csvCell(get(device))).join(',')}\r\n`;
}

/** ASCII-only file name: the customer's name, the date. */
export function csvFileName(customerName: string, now: Date): string {
  const slug = customerName
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\w-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${slug || 'migration'}-devices-${now.toISOString().slice(0, 10)}.csv`;
}
