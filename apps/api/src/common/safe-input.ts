import { DomainError, MAX_BULK_DEVICE_IDS } from '@cutover/domain';
import { type FieldProblem, MAX_LISTED_PROBLEMS } from './validation.pipe';

/** JSON bodies nested deeper than this are refused before any validation library walks them (recursively). */
export const MAX_JSON_DEPTH = 64;
/**
 * Array items and object fields in one JSON body, all levels: the largest body the contracts describe (a bulk
 * action with 100 000 ids) and room to spare. The DTO transform spends microseconds on each value, unknown
 * fields included: 8 MiB of `[{},{},…]` would otherwise hold the event loop for most of a minute.
 */
export const MAX_JSON_VALUES = MAX_BULK_DEVICE_IDS + 1_000;

/**
 * Routes whose body no DTO walks, with a larger budget: a mailbox mapping of 100 000 rows as JSON is
 * 300 000 values (each row an object of two fields), read by one loop that reports bad lines (D15).
 */
export const MAX_JSON_VALUES_BY_ROUTE: Readonly<Record<string, number>> = {
  'PUT /api/migrations/:id/mailbox-mappings': 3 * MAX_BULK_DEVICE_IDS + 1_000,
};

// PostgreSQL text and jsonb cannot hold U+0000, and a lone UTF-16 surrogate has no UTF-8 encoding (the
// driver would silently turn it into U+FFFD, or a validator would throw): either is refused as input.
// eslint-disable-next-line no-control-regex -- matching NUL is the point
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
// eslint-disable-next-line no-control-regex -- as above, to show them escaped in a field name
const UNSTORABLE_GLOBAL = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export const UNSTORABLE_TEXT_PROBLEM = 'must not contain NUL or unpaired surrogate characters';

/** Whether a string can be stored as PostgreSQL text: no NUL, no unpaired UTF-16 surrogate. */
export function isStorableText(text: string): boolean {
  return !UNSTORABLE.test(text);
}

/** A name as it can be shown in details: the characters it is refused for, escaped. */
function printable(name: string): string {
  return name.replace(UNSTORABLE_GLOBAL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function child(path: string, key: string | number): string {
  const name = typeof key === 'number' ? String(key) : printable(key);
  return path === '' ? name : `${path}.${name}`;
}

/**
 * Problems of a parsed JSON body that no DTO should ever see: nesting deeper than MAX_JSON_DEPTH, more than
 * MAX_JSON_VALUES values, strings (values or keys) that are not storable text, and `__proto__` keys
 * (prototype poisoning through the transform step). Walks without recursion, so a body nested 100 000 deep
 * is just a 400.
 */
export function jsonBodyProblems(body: unknown, maxValues: number = MAX_JSON_VALUES): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (field: string, problem: string) => {
    if (problems.length < MAX_LISTED_PROBLEMS)
      problems.push({ field: field || 'body', problems: [`${field || 'body'} ${problem}`] });
  };
  // `top`: the field a too-deep value is named by (its full path would be as long as the nesting)
  const stack: { value: object; path: string; top: string; depth: number }[] = [];
  const visit = (value: unknown, path: string, top: string, depth: number) => {
    if (typeof value === 'string') {
      if (!isStorableText(value)) add(path, UNSTORABLE_TEXT_PROBLEM);
    } else if (value !== null && typeof value === 'object') {
      if (depth > MAX_JSON_DEPTH) add(top, `is nested deeper than ${MAX_JSON_DEPTH} levels`);
      else stack.push({ value, path, top, depth });
    }
  };
  visit(body, '', 'body', 1);
  let values = 0;
  while (stack.length > 0 && problems.length < MAX_LISTED_PROBLEMS) {
    const { value, path, top, depth } = stack.pop()!;
    const keys = Array.isArray(value) ? null : Object.keys(value);
    values += keys === null ? (value as unknown[]).length : keys.length;
    if (values > maxValues) {
      add(
        keys === null && (value as unknown[]).length > maxValues ? path : '',
        `has more than ${maxValues} values (array items and fields): send less at once`,
      );
      break;
    }
    if (keys === null) {
      const items = value as unknown[];
      // primitives are checked in place: a 100 000-id list puts nothing on the stack
      for (let i = 0; i < items.length; i++) {
        const item = items[i];
        if (
          (item !== null && typeof item === 'object') ||
          (typeof item === 'string' && !isStorableText(item))
        )
          visit(item, child(path, i), top, depth + 1);
      }
      continue;
    }
    for (const key of keys) {
      const field = child(path, key);
      if (!isStorableText(key)) add(field, `is not a valid field name: it ${UNSTORABLE_TEXT_PROBLEM}`);
      else if (key === '__proto__') add(field, 'is not a valid field name');
      else visit((value as Record<string, unknown>)[key], field, depth === 1 ? field : top, depth + 1);
    }
  }
  return problems;
}

/** Problems of a parsed query string (`name` → string or repeated strings): names and values must be storable text. */
export function queryProblems(query: unknown): FieldProblem[] {
  if (query === null || typeof query !== 'object') return [];
  const problems: FieldProblem[] = [];
  for (const [name, value] of Object.entries(query as Record<string, unknown>)) {
    if (problems.length >= MAX_LISTED_PROBLEMS) break;
    const values = Array.isArray(value) ? value : [value];
    const field = printable(name);
    if (!isStorableText(name))
      problems.push({
        field,
        problems: [`${field} is not a valid parameter name: it ${UNSTORABLE_TEXT_PROBLEM}`],
      });
    else if (values.some((v) => typeof v === 'string' && !isStorableText(v)))
      problems.push({ field, problems: [`${field} ${UNSTORABLE_TEXT_PROBLEM}`] });
  }
  return problems;
}

/** The contract's 400 for input problems found before validation (VALIDATION_FAILED, the fields in details). */
export function invalidInput(problems: FieldProblem[]): DomainError {
  return new DomainError(
    'VALIDATION_FAILED',
    `The request has invalid fields: ${problems.map((p) => p.field).join(', ')}.`,
    problems,
  );
}

/** Throws the contract's 400 when a query string holds text that cannot be stored (once for every route). */
export function assertStorableQuery(query: unknown): void {
  const problems = queryProblems(query);
  if (problems.length > 0) throw invalidInput(problems);
}
