import { DomainError } from '@cutover/domain';
import { isStorableText } from './safe-input';

/** Opaque keyset cursors: base64url JSON of the sort key of the last row of a page. */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function invalidCursor(problem = 'cursor must be a nextCursor returned by this endpoint'): never {
  throw new DomainError(
    'VALIDATION_FAILED',
    'The cursor is not valid. Start again from the first page (omit cursor).',
    [{ field: 'cursor', problems: [problem] }],
  );
}

/**
 * Decodes a cursor of string parts, however many; anything else is a 400 on the `cursor` field, parts the
 * database could not compare with (NUL, unpaired surrogates) included: a cursor is client input too.
 */
export function decodeCursorParts(cursor: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    invalidCursor();
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length === 0 ||
    !parsed.every((part) => typeof part === 'string' && isStorableText(part))
  )
    invalidCursor();
  return parsed as string[];
}

/** Decodes a cursor of exactly `arity` string parts (see decodeCursorParts). */
export function decodeCursor(cursor: string, arity: number): string[] {
  const parts = decodeCursorParts(cursor);
  if (parts.length !== arity) invalidCursor();
  return parts;
}
