import { parse } from 'csv-parse/sync';
import { isStorableText } from '../common/safe-input';

/** D15: rows in one import, at most (partner contract). */
export const MAX_MAPPING_ROWS = 100_000;
/** Rejected lines listed in a 422 at most: the first ones, in line order (fix them, send the file again). */
export const MAX_LISTED_REJECTIONS = 1_000;
/** An email address can be 320 characters long (RFC 5321 parts); the Office 365 address too. */
export const MAX_IDENTITY_LENGTH = 320;

/** One mapping as sent: `line` is its line in the CSV file (header = 1) or its position in the JSON items (1-based). */
export interface MappingLine {
  line: number;
  identity: string;
  mailbox: string;
}

export interface MappingRejection {
  line: number;
  reason: string;
}

/** What the body said: the rows it holds, and the lines that could not even be read as a row. */
export interface MappingUpload {
  format: 'csv' | 'json';
  rows: MappingLine[];
  rejected: MappingRejection[];
}

const HEADER = 'identity,mailbox';
/** The shape mailboxFor accepts as an address (user@domain.tld), the one CREATE_PROFILE can carry. */
const ADDRESS = /^[^@\s\\]+@[^@\s\\]+\.[^@\s\\]+$/;
/** An email address as the agent reports userEmail (enroll.dto.ts), which the identity is matched against. */
const EMAIL_IDENTITY = /^[^@\s\\]+@[^@\s\\]+$/;
// eslint-disable-next-line no-control-regex -- line breaks, tabs and other control characters are the point
const CONTROL = /[\u0000-\u001f\u007f]/;

const CSV_ERRORS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted field is not closed (a " is missing)',
  INVALID_OPENING_QUOTE: 'a " inside an unquoted field: quote the whole field and double the " in it',
  CSV_INVALID_CLOSING_QUOTE: 'a character follows a closing " in the same field',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'a character follows a closing " in the same field',
};

function embeddedLineBreaks(fields: readonly string[]): number {
  let n = 0;
  for (const field of fields)
    if (field.includes('\n') || field.includes('\r')) n += field.split(/\r\n|\n|\r/).length - 1;
  return n;
}

/**
 * The CSV file of an import (header `identity,mailbox`, either column order): quoted fields, a UTF-8 BOM,
 * CRLF, LF or CR line ends; blank lines and fields left empty after the second column are ignored. Reads
 * at most one row past the limit (a larger file is rejected there, not parsed to its end).
 */
export function mappingLinesOfCsv(text: string): MappingUpload {
  const rejected: MappingRejection[] = [];
  const records: { line: number; fields: string[] }[] = [];
  try {
    parse(text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      record_delimiter: ['\r\n', '\n', '\r'],
      to: MAX_MAPPING_ROWS + 2,
      // the line a record starts on: where it ended, less the line breaks inside its quoted fields
      on_record: (fields: string[], context) => {
        records.push({ line: context.lines - embeddedLineBreaks(fields), fields });
        return null;
      },
    });
  } catch (error) {
    // after a syntax error the parser cannot tell where the next record starts: the rest is not read
    const { code, lines } = error as { code?: string; lines?: number };
    rejected.push({
      line: lines ?? (records[records.length - 1]?.line ?? 0) + 1,
      reason: `${(code && CSV_ERRORS[code]) ?? (error as Error).message}; the lines after it were not read`,
    });
  }
  const [header, ...body] = records;
  let order: [number, number] = [0, 1];
  if (!header) {
    if (rejected.length === 0)
      rejected.push({ line: 1, reason: `the file is empty: the first line must be the header ${HEADER}` });
  } else {
    const names = withoutTrailingEmpty(header.fields).map((f) => f.trim().toLowerCase());
    if (names.join(',') === 'mailbox,identity') order = [1, 0];
    else if (names.join(',') !== HEADER)
      rejected.push({ line: header.line, reason: `the first line must be the header ${HEADER}` });
  }
  const rows: MappingLine[] = [];
  for (const { line, fields } of body) {
    const columns = withoutTrailingEmpty(fields);
    if (columns.length < 2) rejected.push({ line, reason: `missing column: each line needs ${HEADER}` });
    else if (columns.length > 2)
      rejected.push({ line, reason: `too many columns (${columns.length}): each line has ${HEADER}` });
    else rows.push({ line, identity: columns[order[0]], mailbox: columns[order[1]] });
  }
  return { format: 'csv', rows, rejected };
}

function withoutTrailingEmpty(fields: readonly string[]): string[] {
  let end = fields.length;
  while (end > 2 && fields[end - 1].trim() === '') end--;
  return fields.slice(0, end);
}

/** The JSON body's `items`: each must be `{ "identity", "mailbox" }` with two strings. */
export function mappingLinesOfJson(items: readonly unknown[]): MappingUpload {
  const rows: MappingLine[] = [];
  const rejected: MappingRejection[] = [];
  items.forEach((item, index) => {
    const line = index + 1;
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      rejected.push({ line, reason: 'each item must be an object { identity, mailbox }' });
      return;
    }
    const { identity, mailbox } = item as Record<string, unknown>;
    const missing = [
      identity === undefined || identity === null ? 'identity' : null,
      mailbox === undefined || mailbox === null ? 'mailbox' : null,
    ].filter((f): f is string => f !== null);
    if (missing.length > 0) rejected.push({ line, reason: `missing ${missing.join(' and ')}` });
    else if (typeof identity !== 'string' || typeof mailbox !== 'string')
      rejected.push({ line, reason: 'identity and mailbox must be strings' });
    else rows.push({ line, identity, mailbox });
  });
  return { format: 'json', rows, rejected };
}

function identityProblem(identity: string): string | null {
  if (identity === '') return 'identity is empty';
  if (identity.length > MAX_IDENTITY_LENGTH)
    return `identity is longer than ${MAX_IDENTITY_LENGTH} characters`;
  const slash = identity.indexOf('\\');
  const valid =
    slash >= 0
      ? slash > 0 && slash < identity.length - 1 && identity.indexOf('\\', slash + 1) < 0
      : EMAIL_IDENTITY.test(identity);
  return valid ? null : 'identity must be an email address or DOMAIN\\user';
}

function mailboxProblem(mailbox: string): string | null {
  if (mailbox === '') return 'mailbox is empty';
  if (mailbox.length > MAX_IDENTITY_LENGTH) return `mailbox is longer than ${MAX_IDENTITY_LENGTH} characters`;
  return ADDRESS.test(mailbox) ? null : 'mailbox must be an email address (the Office 365 address)';
}

/**
 * D15: the rows of an import, checked as a whole: trimmed, identity an email address or DOMAIN\user,
 * mailbox an address CREATE_PROFILE can carry, no identity twice (case-insensitive), no text the database
 * cannot store, at most MAX_MAPPING_ROWS rows. Any rejected line rejects the import; the first
 * MAX_LISTED_REJECTIONS are listed in line order.
 */
export function checkMappings(upload: MappingUpload): { rows: MappingLine[]; rejected: MappingRejection[] } {
  const rejected = [...upload.rejected];
  const rows: MappingLine[] = [];
  const firstLine = new Map<string, number>();
  upload.rows.forEach((row, index) => {
    if (index === MAX_MAPPING_ROWS) {
      rejected.push({
        line: row.line,
        reason: `more than ${MAX_MAPPING_ROWS} rows: split the mapping into smaller imports per migration`,
      });
    }
    if (index >= MAX_MAPPING_ROWS) return;
    if (!isStorableText(row.identity) || !isStorableText(row.mailbox)) {
      rejected.push({ line: row.line, reason: 'contains NUL or unpaired surrogate characters' });
      return;
    }
    const identity = row.identity.trim();
    const mailbox = row.mailbox.trim();
    if (CONTROL.test(identity) || CONTROL.test(mailbox)) {
      rejected.push({ line: row.line, reason: 'contains line breaks, tabs or other control characters' });
      return;
    }
    const problem = identityProblem(identity) ?? mailboxProblem(mailbox);
    if (problem) {
      rejected.push({ line: row.line, reason: problem });
      return;
    }
    const key = identity.toLowerCase();
    const first = firstLine.get(key);
    if (first !== undefined) {
      rejected.push({
        line: row.line,
        reason: `duplicate identity (case-insensitive): already on line ${first}`,
      });
      return;
    }
    firstLine.set(key, row.line);
    rows.push({ line: row.line, identity, mailbox });
  });
  rejected.sort((a, b) => a.line - b.line);
  return { rows, rejected: rejected.slice(0, MAX_LISTED_REJECTIONS) };
}
