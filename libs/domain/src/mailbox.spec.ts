import { mailboxFor } from './mailbox';

describe('mailboxFor', () => {
  it.each<[string, string | null, string | null, string, string | null]>([
    [
      'D15: a mapping wins over the reported email',
      'alice@contoso.onmicrosoft.com',
      'alice@contoso.com',
      'CONTOSO\\alice',
      'alice@contoso.onmicrosoft.com',
    ],
    [
      'D15: without a mapping, the reported userEmail',
      null,
      'alice@contoso.com',
      'CONTOSO\\alice',
      'alice@contoso.com',
    ],
    [
      'D15: without either, a Windows user in UPN form',
      null,
      null,
      'AzureAD\\alice@contoso.com',
      'alice@contoso.com',
    ],
    ['D15: a bare UPN Windows user', null, null, 'alice@contoso.com', 'alice@contoso.com'],
    ['D13: DOMAIN\\user alone names no mailbox', null, null, 'CONTOSO\\alice', null],
    ['D13: an address without a dot in its domain is not a UPN', null, null, 'AzureAD\\alice@contoso', null],
    ['D15: an empty mapping or email counts as none', '', '', 'CONTOSO\\bob', null],
  ])('%s', (_name, mapped, userEmail, windowsUser, expected) => {
    expect(mailboxFor({ mapped, userEmail, windowsUser })).toBe(expected);
  });
});
