import {
  BULK_SKIP_REASON_LABELS,
  ERROR_CATALOGUE,
  isKnownDeviceErrorCode,
  type ProgressStage,
} from '@cutover/domain';

/** The catalogue's short title for an error or alert code (unknown codes read as UNKNOWN_ERROR, D6). */
export function errorTitle(code: string): string {
  return ERROR_CATALOGUE[isKnownDeviceErrorCode(code) ? code : 'UNKNOWN_ERROR'].title;
}

export const PROGRESS_STAGE_LABELS: Readonly<Record<ProgressStage, string>> = {
  closing_outlook: 'Closing Outlook',
  creating_profile: 'Creating profile',
  transferring_data: 'Moving local data',
  reopening_outlook: 'Reopening Outlook',
  syncing: 'Downloading mailbox',
};

/** The same stages in a word or two, beside the status badge in the table. */
const PROGRESS_STAGE_SHORT: Readonly<Record<ProgressStage, string>> = {
  closing_outlook: 'Closing Outlook',
  creating_profile: 'New profile',
  transferring_data: 'Moving data',
  reopening_outlook: 'Reopening',
  syncing: 'Syncing mail',
};

export function progressStageShort(stage: string): string {
  return (PROGRESS_STAGE_SHORT as Record<string, string>)[stage] ?? humanize(stage);
}

export function progressStageLabel(stage: string): string {
  return (PROGRESS_STAGE_LABELS as Record<string, string>)[stage] ?? humanize(stage);
}

/** "command_queued" → "Command queued". */
export function humanize(value: string): string {
  const text = value
    .replace(/[_.-]+/g, ' ')
    .trim()
    .toLowerCase();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Readiness alerts in a word or two for the table; the full text is in the tooltip and the drawer. */
const ALERT_SHORT_LABELS: Readonly<Record<string, string>> = {
  OUTLOOK_OUTDATED: 'Outlook outdated',
  OUTLOOK_UNSUPPORTED: 'Outlook unsupported',
  SERVICE_UNREACHABLE: 'Service unreachable',
};

export function alertShortLabel(code: string): string {
  return ALERT_SHORT_LABELS[code] ?? errorTitle(code);
}

/** Why a device was skipped by a bulk action (D5, D14): the shared label, else (a newer API's reason) the code in words. */
export function skipReasonLabel(reason: string): string {
  const labels: Readonly<Record<string, string>> = BULK_SKIP_REASON_LABELS;
  return Object.hasOwn(labels, reason) ? labels[reason] : humanize(reason);
}
