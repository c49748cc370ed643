/** An address shaped like user@domain.tld (no spaces, no backslash). */
const UPN = /^[^@\s\\]+@[^@\s\\]+\.[^@\s\\]+$/;

/**
 * D15: the Office 365 address CREATE_PROFILE carries, in this order: the partner's mapping for the
 * user, the userEmail the agent reported, a Windows user already in UPN form (AzureAD\alice@contoso.com).
 * Null when none is known: no profile can be built for an address that cannot exist (D13 MAILBOX_UNKNOWN).
 */
export function mailboxFor({
  mapped,
  userEmail,
  windowsUser,
}: {
  mapped: string | null;
  userEmail: string | null;
  windowsUser: string;
}): string | null {
  if (mapped) return mapped;
  if (userEmail) return userEmail;
  const account = windowsUser.slice(windowsUser.lastIndexOf('\\') + 1);
  return UPN.test(account) ? account : null;
}
