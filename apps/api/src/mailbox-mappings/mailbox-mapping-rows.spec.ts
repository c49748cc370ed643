import {
  checkMappings,
  MAX_MAPPING_ROWS,
  mappingLinesOfCsv,
  mappingLinesOfJson,
} from './mailbox-mapping-rows';

describe('D15: mailbox mapping rows', () => {
  it('reads CSV with a BOM, CRLF, quoted fields with commas, quotes and line breaks, blank lines, either column order', () => {
    expect(
      mappingLinesOfCsv(
        '\uFEFFidentity,mailbox\r\n"Smith, John",js@contoso.onmicrosoft.com\r\n"CONTOSO\\bob","say ""hi"""\r\n',
      ),
    ).toEqual({
      format: 'csv',
      rows: [
        { line: 2, identity: 'Smith, John', mailbox: 'js@contoso.onmicrosoft.com' },
        { line: 3, identity: 'CONTOSO\\bob', mailbox: 'say "hi"' },
      ],
      rejected: [],
    });
    expect(mappingLinesOfCsv('MAILBOX, Identity\nm@x.com,alice@contoso.com\n')).toEqual({
      format: 'csv',
      rows: [{ line: 2, identity: 'alice@contoso.com', mailbox: 'm@x.com' }],
      rejected: [],
    });
    expect(
      mappingLinesOfCsv(
        'identity,mailbox\r\n"CONTOSO\\a,b",x@y.com\r\n\r\n"multi\nline",z@y.com\r\nc\\d,e@f.gh,,\r\n',
      ),
    ).toEqual({
      format: 'csv',
      rows: [
        { line: 2, identity: 'CONTOSO\\a,b', mailbox: 'x@y.com' },
        { line: 4, identity: 'multi\nline', mailbox: 'z@y.com' },
        { line: 6, identity: 'c\\d', mailbox: 'e@f.gh' },
      ],
      rejected: [],
    });
  });

  it.each([
    ['', 1, 'the file is empty: the first line must be the header identity,mailbox'],
    ['alice@contoso.com,a@b.co\n', 1, 'the first line must be the header identity,mailbox'],
    ['identity,mailbox\nalice@contoso.com\n', 2, 'missing column: each line needs identity,mailbox'],
    ['identity,mailbox\na@b.co,c@d.co,e\n', 2, 'too many columns (3): each line has identity,mailbox'],
    [
      'identity,mailbox\n\n"open,x@y.co\n',
      3,
      'a quoted field is not closed (a " is missing); the lines after it were not read',
    ],
    [
      'identity,mailbox\na@b.co,x@y.co\n"a"b,x@y.co\nc@d.co,x@y.co\n',
      3,
      'a character follows a closing " in the same field; the lines after it were not read',
    ],
  ])('CSV %j: line %d is rejected (%s)', (csv, line, reason) => {
    expect(mappingLinesOfCsv(csv).rejected).toEqual([{ line, reason }]);
  });

  it.each([
    ['empty identity', { identity: ' ', mailbox: 'a@b.co' }, 'identity is empty'],
    [
      'identity neither email nor DOMAIN\\user',
      { identity: 'alice', mailbox: 'a@b.co' },
      'identity must be an email address or DOMAIN\\user',
    ],
    [
      'DOMAIN\\ without user',
      { identity: 'CONTOSO\\', mailbox: 'a@b.co' },
      'identity must be an email address or DOMAIN\\user',
    ],
    [
      'mailbox not an address',
      { identity: 'a@b.co', mailbox: 'alice' },
      'mailbox must be an email address (the Office 365 address)',
    ],
    [
      'mailbox without a domain dot',
      { identity: 'a@b.co', mailbox: 'alice@contoso' },
      'mailbox must be an email address (the Office 365 address)',
    ],
    ['NUL', { identity: 'a\u0000@b.co', mailbox: 'a@b.co' }, 'contains NUL or unpaired surrogate characters'],
    [
      'unpaired surrogate',
      { identity: 'a@b.co', mailbox: 'a\ud800@b.co' },
      'contains NUL or unpaired surrogate characters',
    ],
    [
      'line break',
      { identity: 'a\n@b.co', mailbox: 'a@b.co' },
      'contains line breaks, tabs or other control characters',
    ],
  ])('rejects %s', (_name, item, reason) => {
    expect(checkMappings(mappingLinesOfJson([item]))).toEqual({ rows: [], rejected: [{ line: 1, reason }] });
  });

  it('JSON items: missing fields and non-objects by position; duplicates case-insensitively; trims', () => {
    const upload = mappingLinesOfJson([
      { identity: ' CONTOSO\\Alice ', mailbox: ' alice@contoso.onmicrosoft.com ' },
      { identity: 'contoso\\ALICE', mailbox: 'x@y.co' },
      { identity: 'bob@contoso.com' },
      'carol',
      { identity: 1, mailbox: 'x@y.co' },
    ]);
    expect(checkMappings(upload)).toEqual({
      rows: [{ line: 1, identity: 'CONTOSO\\Alice', mailbox: 'alice@contoso.onmicrosoft.com' }],
      rejected: [
        { line: 2, reason: 'duplicate identity (case-insensitive): already on line 1' },
        { line: 3, reason: 'missing mailbox' },
        { line: 4, reason: 'each item must be an object { identity, mailbox }' },
        { line: 5, reason: 'identity and mailbox must be strings' },
      ],
    });
  });

  it(`takes ${MAX_MAPPING_ROWS} rows and rejects the next one`, () => {
    const items = Array.from({ length: MAX_MAPPING_ROWS + 1 }, (_, i) => ({
      identity: `u${i}@contoso.com`,
      mailbox: `u${i}@contoso.onmicrosoft.com`,
    }));
    expect(checkMappings(mappingLinesOfJson(items.slice(0, MAX_MAPPING_ROWS))).rows).toHaveLength(
      MAX_MAPPING_ROWS,
    );
    expect(checkMappings(mappingLinesOfJson(items)).rejected).toEqual([
      { line: MAX_MAPPING_ROWS + 1, reason: expect.stringContaining(`more than ${MAX_MAPPING_ROWS} rows`) },
    ]);
  });
});
