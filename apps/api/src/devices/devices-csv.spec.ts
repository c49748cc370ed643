import { csvCell, csvFileName } from './devices-csv';
import { likePrefix } from './devices.repository';
import { decodeCursor, encodeCursor } from '../common/page-cursor';

describe('CSV cells', () => {
  it.each([
    [null, ''],
    [undefined, ''],
    ['PC-0042', 'PC-0042'],
    [42, '42'],
    [false, 'false'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    [' padded ', '" padded "'],
    // OWASP CSV injection: formulas become text
    ['=1+1', "'=1+1"],
    ['+cmd', "'+cmd"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['=HYPERLINK("x"),', `"'=HYPERLINK(""x""),"`],
    // the other separator: in ; locales an unquoted `;=1+1` would split into a cell `=1+1`
    [';=1+1', '";=1+1"'],
    ['CONTOSO\\a;b', '"CONTOSO\\a;b"'],
    ['a\tb', '"a\tb"'],
    ['\t=1+1', `"'\t=1+1"`],
    ['\r=1+1', `"'\r=1+1"`],
    // fullwidth forms some spreadsheets also read as a formula
    ['\uFF1D1+1', "'\uFF1D1+1"],
    ['\uFF0Bcmd', "'\uFF0Bcmd"],
  ])('%j → %s', (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it('names the file after the customer, in ASCII', () => {
    const now = new Date('2026-11-25T12:00:00Z');
    expect(csvFileName('Contoso Ltd.', now)).toBe('Contoso-Ltd-devices-2026-11-25.csv');
    expect(csvFileName('Müller & Söhne GmbH', now)).toBe('Muller-Sohne-GmbH-devices-2026-11-25.csv');
    expect(csvFileName('株式会社', now)).toBe('migration-devices-2026-11-25.csv');
    expect(csvFileName('"; rm -rf /', now)).toBe('rm-rf-devices-2026-11-25.csv');
  });
});

describe('search and cursor helpers', () => {
  it('makes a LIKE prefix in which % _ and \\ are literal', () => {
    expect(likePrefix('PC-00')).toBe('pc-00%');
    expect(likePrefix('100%_off\\')).toBe('100\\%\\_off\\\\%');
  });

  it('round-trips a keyset cursor and refuses anything else as VALIDATION_FAILED on cursor', () => {
    const cursor = encodeCursor(['pc-0042', '3f1b0c1e-0000-4000-8000-000000000000']);
    expect(cursor).toMatch(/^[\w-]+$/);
    expect(decodeCursor(cursor, 2)).toEqual(['pc-0042', '3f1b0c1e-0000-4000-8000-000000000000']);
    for (const bad of [
      '',
      'not base64 json',
      encodeCursor(['only-one']),
      Buffer.from('{"a":1}').toString('base64url'),
    ]) {
      expect(() => decodeCursor(bad, 2)).toThrow(
        expect.objectContaining({
          code: 'VALIDATION_FAILED',
          details: [expect.objectContaining({ field: 'cursor' })],
        }),
      );
    }
  });
});
