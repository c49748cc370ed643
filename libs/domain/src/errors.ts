// D6: every error and alert on the Devices tab has a stable code, a plain-language message and a troubleshooting link.

export const DEVICE_ERROR_CODES = [
  'CREDENTIAL_PROMPT_TIMEOUT',
  'OUTLOOK_OUTDATED',
  'AUTODISCOVER_FAILED',
  'PROFILE_CREATION_FAILED',
  'OUTLOOK_RUNNING_AS_ADMIN',
  'DISK_FULL',
  'DATA_TRANSFER_FAILED',
  'NETWORK_UNAVAILABLE',
  'UNKNOWN_ERROR',
  'OUTLOOK_UNSUPPORTED',
  'SERVICE_UNREACHABLE',
  'NO_RESULT_FROM_AGENT',
  'DISK_SPACE_LOW',
  'MAILBOX_UNKNOWN',
] as const;
export type DeviceErrorCode = (typeof DEVICE_ERROR_CODES)[number];

// D1, D3: readiness alerts are warnings on a device, not command failures.
export const READINESS_ALERT_CODES = [
  'OUTLOOK_OUTDATED',
  'OUTLOOK_UNSUPPORTED',
  'SERVICE_UNREACHABLE',
  // D13
  'DISK_SPACE_LOW',
  'MAILBOX_UNKNOWN',
] as const;
export type AlertCode = (typeof READINESS_ALERT_CODES)[number];
// D3: the alerts that come from the reported Outlook build.
export type ReadinessAlertCode = Extract<AlertCode, 'OUTLOOK_OUTDATED' | 'OUTLOOK_UNSUPPORTED'>;

export interface ErrorCatalogueEntry {
  title: string;
  message: string;
  action: string;
}

export const ERROR_CATALOGUE: Readonly<Record<DeviceErrorCode, ErrorCatalogueEntry>> = {
  DISK_SPACE_LOW: {
    title: 'Not enough free disk space for the switch',
    message:
      "This PC has less free disk space than the switch needs: twice its local mail data (moved, and Outlook's new .OST cache) plus 5 GB.",
    action:
      'Free up space before cutover (empty the Recycle Bin, remove old PST copies, run Disk Cleanup) or move archives to another drive. The alert clears on the next check-in that reports enough space.',
  },
  MAILBOX_UNKNOWN: {
    title: 'Office 365 address unknown',
    message:
      "Neither a mailbox mapping nor the user's email address is known for this PC, so its new Outlook profile cannot be built. Profile creation waits until one is known.",
    action:
      "Import a mailbox mapping for the user's identity (DOMAIN\\user or email) on the migration, or make sure the agent reports the user's email address. The PC gets its profile on its next poll after that.",
  },
  CREDENTIAL_PROMPT_TIMEOUT: {
    title: 'Sign-in prompt not answered',
    message:
      'Windows or Outlook asked the user to sign in (or to confirm a setting) while the new profile was being created, and nobody answered within 10 minutes.',
    action:
      'Arrange a time when the user is at the PC and knows their Office 365 password and MFA method, then retry profile creation. If the prompt keeps asking for the old server, clear its saved passwords in Credential Manager first.',
  },
  OUTLOOK_OUTDATED: {
    title: 'Outlook needs an update',
    message:
      'The Outlook on this PC is older than the minimum build for its version (2010 SP2, 2013 SP1 or a patched 2016 and later), so it may not connect to Office 365.',
    action:
      'Install the missing service pack or updates through Windows Update or the Office update channel, restart Outlook, and check the build under File > Office Account > About Outlook. The alert clears on the next check-in.',
  },
  AUTODISCOVER_FAILED: {
    title: 'Outlook could not find the new mailbox',
    message:
      "Outlook's Autodiscover lookup did not lead to the user's Office 365 mailbox, usually because DNS or a local setting still points at the old mail server.",
    action:
      'Make sure the autodiscover CNAME of the email domain points to autodiscover.outlook.com and that domain-joined PCs do not find an old on-premises Exchange first, then retry profile creation.',
  },
  PROFILE_CREATION_FAILED: {
    title: 'Profile creation failed',
    message: 'Outlook could not create the new profile for the Office 365 mailbox.',
    action:
      'Check that the mailbox exists and has a licence in the Microsoft 365 admin center and that the address the device uses is right, read the detail in the device history, then retry profile creation.',
  },
  OUTLOOK_RUNNING_AS_ADMIN: {
    title: 'Outlook is running as administrator',
    message:
      'Outlook was started with "Run as administrator", so the Outlook Assistant (which runs as the signed-in user) cannot close it or add the new profile.',
    action:
      'Close Outlook started with "Run as administrator", clear that option on the Outlook shortcut (Properties > Compatibility), start Outlook normally and retry profile creation.',
  },
  DISK_FULL: {
    title: 'Not enough disk space',
    message:
      "The PC's disk does not have enough free space for the new Outlook data file and the local data being moved.",
    action:
      'Free disk space on the system drive (Disk Cleanup, old user files, large PST copies), then retry. The new Outlook data file needs roughly the size of the mailbox.',
  },
  DATA_TRANSFER_FAILED: {
    title: 'Local data could not be moved',
    message:
      'Moving the local mail or archive files (PST) to the new profile failed, for example because a file was locked, damaged or on a network share.',
    action:
      'Close programs that hold the PST files (backup, sync, antivirus scans), repair damaged files with the Inbox Repair Tool (SCANPST.EXE), then retry.',
  },
  NETWORK_UNAVAILABLE: {
    title: 'No connection to Office 365',
    message: 'The PC could not reach Office 365 while the command ran (offline, VPN, proxy or firewall).',
    action:
      'Check that the PC is online and can open https://outlook.office.com in a browser, and that the proxy or firewall allows the Microsoft 365 endpoints, then retry.',
  },
  UNKNOWN_ERROR: {
    title: 'Unexpected error',
    message: 'The Outlook Assistant reported an error this dashboard does not recognise.',
    action:
      'Open the device to read the reported code and detail, check that the agent is the current version, then retry. If it fails again, send the detail to support.',
  },
  OUTLOOK_UNSUPPORTED: {
    title: 'Outlook version not supported',
    message: 'The Outlook on this PC is older than Outlook 2010 and cannot connect to Office 365.',
    action:
      'Install a supported Outlook (for example Microsoft 365 Apps from the customer’s licences) before cutover. The alert clears on the next check-in.',
  },
  NO_RESULT_FROM_AGENT: {
    title: 'The agent never reported back',
    message:
      'The Outlook Assistant received this command several times and never reported a result within its lease, so the service stopped sending it.',
    action:
      'Check that the Outlook Assistant is running and up to date on the PC and that it can reach this service (see its log in %ProgramData%\\Outlook Assistant), have the user sign in and stay signed in, then retry from the Devices tab.',
  },
  SERVICE_UNREACHABLE: {
    title: 'Agent service cannot reach Cutover',
    message:
      "The Outlook Assistant's Windows service has not checked in for more than 3 poll intervals, while its user part has. The service runs as Network Service and is often blocked by a proxy or firewall that lets the user through.",
    action:
      'Check that the Outlook Assistant service is running, and that the machine-wide proxy (netsh winhttp show proxy) and firewall allow HTTPS to this service. The alert clears on the next check-in.',
  },
};

export function isKnownDeviceErrorCode(code: string): code is DeviceErrorCode {
  return (DEVICE_ERROR_CODES as readonly string[]).includes(code);
}

// D6: the link is a dashboard route that renders docs/troubleshooting/<CODE>.md.
export function troubleshootingUrl(code: DeviceErrorCode): string {
  return `/troubleshooting/${code}`;
}

export interface DescribedError {
  code: string;
  message: string;
  action: string;
  troubleshootingUrl: string;
}

// Agent detail is untrusted free text (bodies up to 64 KiB): keep only enough to read on the Devices tab.
export const ERROR_DETAIL_MAX_LENGTH = 500;

// D6: unknown codes keep their own code but are shown with UNKNOWN_ERROR's text and link (agent-protocol).
export function describeError(code: string, detail?: string | null): DescribedError {
  const known: DeviceErrorCode = isKnownDeviceErrorCode(code) ? code : 'UNKNOWN_ERROR';
  const entry = ERROR_CATALOGUE[known];
  const trimmed = detail?.trim() ?? '';
  const shown =
    trimmed.length > ERROR_DETAIL_MAX_LENGTH ? `${trimmed.slice(0, ERROR_DETAIL_MAX_LENGTH - 1)}…` : trimmed;
  return {
    code,
    message: shown ? `${entry.message} Detail: ${shown}` : entry.message,
    action: entry.action,
    troubleshootingUrl: troubleshootingUrl(known),
  };
}
