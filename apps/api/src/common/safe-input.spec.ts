import {
  isStorableText,
  jsonBodyProblems,
  MAX_JSON_DEPTH,
  MAX_JSON_VALUES,
  queryProblems,
} from './safe-input';

const nested = (depth: number, leaf: unknown = 1): unknown => {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
};

describe('storable text (PostgreSQL text: no NUL, UTF-8 encodable)', () => {
  it.each<[string, boolean]>([
    ['PC-0042', true],
    ['', true],
    ['Müller 株式会社', true],
    ['emoji \ud83d\ude00 is a valid pair', true],
    ['a\u0000b', false],
    ['\u0000', false],
    ['lone high \ud800', false],
    ['lone low \udc00 first', false],
    ['reversed pair \ude00\ud83d', false],
    ['high at the end \ud83d', false],
  ])('%j → %p', (text, expected) => {
    expect(isStorableText(text)).toBe(expected);
  });
});

describe('JSON body problems (before any DTO sees the body)', () => {
  it('accepts ordinary bodies, arrays of 100 000 ids included', () => {
    expect(jsonBodyProblems({ customerName: 'Contoso', filter: { status: ['enrolled'] } })).toEqual([]);
    expect(jsonBodyProblems({ deviceIds: Array.from({ length: 100_000 }, (_, i) => `id-${i}`) })).toEqual([]);
    expect(jsonBodyProblems(nested(MAX_JSON_DEPTH - 1))).toEqual([]);
  });

  it(`refuses nesting deeper than ${MAX_JSON_DEPTH}, named by the top-level field, without recursion`, () => {
    expect(jsonBodyProblems(nested(MAX_JSON_DEPTH + 1))).toEqual([
      { field: 'a', problems: [`a is nested deeper than ${MAX_JSON_DEPTH} levels`] },
    ]);
    expect(jsonBodyProblems({ email: nested(100_000) })[0].field).toBe('email');
    let deepArray: unknown = [];
    for (let i = 0; i < 100_000; i++) deepArray = [deepArray];
    expect(jsonBodyProblems(deepArray)).toEqual([
      { field: 'body', problems: [`body is nested deeper than ${MAX_JSON_DEPTH} levels`] },
    ]);
  });

  it('names every string with NUL or a lone surrogate by its path, keys included', () => {
    const problems = jsonBodyProblems({
      customerName: 'a\u0000',
      inventory: { outlookVersion: '\ud800' },
      deviceIds: ['ok', 'x\udc00'],
      'bad\u0000key': 1,
    });
    expect(problems.map((p) => p.field).sort()).toEqual(
      ['customerName', 'bad\\u0000key', 'inventory.outlookVersion', 'deviceIds.1'].sort(),
    );
    expect(jsonBodyProblems('\u0000')).toEqual([
      { field: 'body', problems: ['body must not contain NUL or unpaired surrogate characters'] },
    ]);
  });

  it('refuses __proto__ keys (prototype poisoning through the DTO transform)', () => {
    expect(jsonBodyProblems(JSON.parse('{"filter":{"__proto__":{"q":"x"}}}'))).toEqual([
      { field: 'filter.__proto__', problems: ['filter.__proto__ is not a valid field name'] },
    ]);
  });

  it(`refuses more than ${MAX_JSON_VALUES} values in all (the DTO transform would spend seconds on them)`, () => {
    expect(jsonBodyProblems({ junk: Array.from({ length: MAX_JSON_VALUES + 1 }, () => 0) })).toEqual([
      {
        field: 'junk',
        problems: [
          `junk has more than ${MAX_JSON_VALUES} values (array items and fields): send less at once`,
        ],
      },
    ]);
    const spread = {
      a: Array.from({ length: 60_000 }, () => ({})),
      b: Array.from({ length: 60_000 }, () => 1),
    };
    expect(jsonBodyProblems(spread).map((p) => p.field)).toEqual(['body']);
    expect(jsonBodyProblems({ deviceIds: Array.from({ length: 100_001 }, () => 'id') })).toEqual([]);
  });

  it('lists at most 20 problems', () => {
    expect(jsonBodyProblems({ deviceIds: Array.from({ length: 1000 }, () => '\u0000') })).toHaveLength(20);
  });
});

describe('query problems', () => {
  it('names the parameter whose value (or repeated value) is not storable text', () => {
    expect(queryProblems({ q: 'pc', status: ['enrolled', 'completed'] })).toEqual([]);
    expect(queryProblems({ q: 'a\u0000', status: ['enrolled', '\ud800'] }).map((p) => p.field)).toEqual([
      'q',
      'status',
    ]);
    expect(queryProblems({ 'x\u0000': '1' }).map((p) => p.field)).toEqual(['x\\u0000']);
  });
});
