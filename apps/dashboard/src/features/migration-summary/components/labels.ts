import type { DeviceStatus } from '@cutover/domain';

/**
 * A filtered view of the Devices tab. The app's route turns it into the Devices tab's query string (this feature
 * does not import the devices feature, STYLE 13).
 */
export interface DevicesLink {
  status?: DeviceStatus[];
  errorCode?: string[];
  alert?: string;
  online?: boolean;
}

export type DevicesHref = (link: DevicesLink) => string;

interface AlertLabel {
  /** The checklist line. */
  label: string;
  /** Completes "3 devices …" in a link's name. */
  devicesPhrase: string;
}

/** D3, D13, D1: readiness alerts in plain words; codes the dashboard does not know yet are shown by their code. */
export const READINESS_ALERT_LABELS: Readonly<Record<string, AlertLabel>> = {
  OUTLOOK_OUTDATED: { label: 'Outlook needs an update', devicesPhrase: 'whose Outlook needs an update' },
  OUTLOOK_UNSUPPORTED: {
    label: 'Outlook version not supported',
    devicesPhrase: 'whose Outlook version is not supported',
  },
  DISK_SPACE_LOW: { label: 'Low disk space', devicesPhrase: 'with low disk space' },
  MAILBOX_UNKNOWN: {
    label: 'Office 365 mailbox unknown',
    devicesPhrase: 'with no known Office 365 mailbox',
  },
  SERVICE_UNREACHABLE: {
    label: 'Agent service cannot reach Cutover',
    devicesPhrase: 'whose agent service cannot reach Cutover',
  },
};

/** The readiness alerts the checklist always lists, with a tick when none is open. */
export const CHECKLIST_ALERT_CODES = ['OUTLOOK_OUTDATED', 'DISK_SPACE_LOW', 'MAILBOX_UNKNOWN'] as const;

/** The other known alerts, listed when open, in this order before any code the dashboard does not know. */
const OTHER_KNOWN_ALERTS = ['OUTLOOK_UNSUPPORTED', 'SERVICE_UNREACHABLE'];

export function alertLabel(code: string): AlertLabel {
  return READINESS_ALERT_LABELS[code] ?? { label: `Alert ${code}`, devicesPhrase: `with the alert ${code}` };
}

/** The alert codes the checklist shows, in order: the always-listed ones, then any other open alert. */
export function checklistAlertCodes(alertsByCode: ReadonlyArray<{ code: string; count: number }>): string[] {
  const open = alertsByCode.filter((a) => a.count > 0).map((a) => a.code);
  const rest = [
    ...OTHER_KNOWN_ALERTS.filter((c) => open.includes(c)),
    ...open.filter((c) => !(c in READINESS_ALERT_LABELS)).sort(),
  ];
  return [...CHECKLIST_ALERT_CODES, ...rest];
}
