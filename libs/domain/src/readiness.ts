import type { AlertCode, ReadinessAlertCode } from './errors';
import { isServiceUnreachable } from './policy';
import type { AgentComponent } from './vocabulary';

// D3: minimum build per Outlook major: 2010 SP2, 2013 SP1, 2016 and later.
export const MINIMUM_OUTLOOK_BUILDS: Readonly<Record<14 | 15 | 16, string>> = {
  14: '14.0.7015.1000',
  15: '15.0.4569.1506',
  16: '16.0.4600.1000',
};
// D3: 14 = Outlook 2010; anything older is unsupported.
export const OLDEST_SUPPORTED_OUTLOOK_MAJOR = 14;

const BUILD_PATTERN = /^\d+(\.\d+){1,3}$/;

// A fleet reports few distinct builds and every poll carries one: each is read and assessed once (bounded).
const BUILDS_REMEMBERED = 1000;
const parsedBuilds = new Map<string, readonly number[] | null>();
const assessedBuilds = new Map<string, ReadinessAlertCode | null>();

function remember<T>(memo: Map<string, T>, key: string, value: T): T {
  if (memo.size >= BUILDS_REMEMBERED) memo.clear();
  memo.set(key, value);
  return value;
}

// D3: a build is 2 to 4 dot-separated non-negative integers ("16.0.4266.1001"); anything else is null.
export function parseOutlookBuild(version: string): readonly number[] | null {
  const known = parsedBuilds.get(version);
  if (known !== undefined) return known;
  const trimmed = version.trim();
  const parts = BUILD_PATTERN.test(trimmed) ? trimmed.split('.').map(Number) : null;
  return remember(
    parsedBuilds,
    version,
    parts !== null && parts.every(Number.isSafeInteger) ? Object.freeze(parts) : null,
  );
}

// D3: part by part as numbers (16.0.10 > 16.0.9), missing parts count as 0; returns -1, 0 or 1.
export function compareBuilds(a: readonly number[], b: readonly number[]): number {
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff < 0 ? -1 : 1;
  }
  return 0;
}

function minimumBuildFor(major: number): readonly number[] | null {
  const minimum = (MINIMUM_OUTLOOK_BUILDS as Readonly<Record<number, string | undefined>>)[major];
  return minimum === undefined ? null : parseOutlookBuild(minimum);
}

// D3: the readiness alert a reported Outlook build raises, or null when it is fine.
export function assessOutlookBuild(version: string | null | undefined): ReadinessAlertCode | null {
  if (version == null) return null;
  const known = assessedBuilds.get(version);
  return known !== undefined ? known : remember(assessedBuilds, version, assess(version));
}

function assess(version: string): ReadinessAlertCode | null {
  // Unparseable means we do not know the build (old agent, no Outlook found): a guess would be a false alarm.
  const build = parseOutlookBuild(version);
  if (build === null) return null;
  const major = build[0];
  if (major < OLDEST_SUPPORTED_OUTLOOK_MAJOR) return 'OUTLOOK_UNSUPPORTED';
  const minimum = minimumBuildFor(major);
  // D3: majors above 16 are newer than every minimum.
  if (minimum === null) return null;
  // D3: a short build ("16.0") only proves it is outdated when its own parts already fall below the minimum.
  return compareBuilds(build, minimum.slice(0, build.length)) < 0 ? 'OUTLOOK_OUTDATED' : null;
}

// D3: the alerts a reported Outlook build decides.
export const OUTLOOK_BUILD_ALERT_CODES: readonly ReadinessAlertCode[] = [
  'OUTLOOK_OUTDATED',
  'OUTLOOK_UNSUPPORTED',
];

export interface AlertRaise {
  code: AlertCode;
  detail: string | null;
}

export interface ReadinessChanges {
  raise: AlertRaise[];
  clear: AlertCode[];
}

/** The device facts D1, D3 and D13 decide from. */
export interface ReadinessState {
  openAlerts: readonly AlertCode[];
  pollIntervalSeconds: number;
  enrolledAt: Date;
  clientLastSeenAt: Date | null;
  serviceLastSeenAt: Date | null;
  /** D13: the last reported figures (null until reported). */
  freeDiskBytes: number | null;
  localDataBytes: number | null;
  /** D13, D15: whether CREATE_PROFILE has an address (libs/domain mailboxFor is not null). */
  mailboxKnown: boolean;
}

/** What a check-in reports that readiness reads: the part that polled (absent for an enrollment), the Outlook build, the disk. */
export interface ReadinessReport {
  component?: AgentComponent;
  outlookVersion?: string | null;
  freeDiskBytes?: number | null;
  localDataBytes?: number | null;
}

/** D13: 5 GiB of room beyond twice the local data. */
export const DISK_SPACE_MARGIN_BYTES = 5 * 2 ** 30;

/**
 * D13: the switch moves the local data and Outlook then builds a new .OST cache: free space below twice
 * the local data plus 5 GiB is too little. Null (no decision) until both figures are known.
 */
export function diskSpaceLow(disk: {
  freeDiskBytes: number | null;
  localDataBytes: number | null;
}): boolean | null {
  if (disk.freeDiskBytes === null || disk.localDataBytes === null) return null;
  return disk.freeDiskBytes < 2 * disk.localDataBytes + DISK_SPACE_MARGIN_BYTES;
}

const GB = 1_000_000_000;
const gb = (bytes: number) => `${(bytes / GB).toFixed(1)} GB`;

/**
 * D1, D3: which readiness alerts a check-in opens and which it clears, given the device's open ones
 * (`state` already carries this check-in's time).
 * - D3: a readable Outlook build raises OUTLOOK_OUTDATED / OUTLOOK_UNSUPPORTED, and a good one clears
 *   them; an absent or unreadable build changes nothing.
 * - D1: a client check-in while the service part has been silent for more than 3 intervals raises
 *   SERVICE_UNREACHABLE; a service check-in clears it. (Enrollment is neither part: component absent.)
 * - D13: disk figures (the report's, else the last known) decide DISK_SPACE_LOW when the report carries
 *   one; MAILBOX_UNKNOWN follows whether an address is known, on every check-in and the enrollment.
 */
export function readinessChanges(
  state: ReadinessState,
  report: ReadinessReport,
  now: Date,
): ReadinessChanges {
  const changes: ReadinessChanges = { raise: [], clear: [] };
  const open = state.openAlerts;
  const version = report.outlookVersion ?? null;
  if (version !== null && parseOutlookBuild(version) !== null) {
    const wanted = assessOutlookBuild(version);
    for (const code of OUTLOOK_BUILD_ALERT_CODES)
      if (code !== wanted && open.includes(code)) changes.clear.push(code);
    if (wanted !== null && !open.includes(wanted)) changes.raise.push({ code: wanted, detail: version });
  }
  if (report.component === 'service') {
    if (open.includes('SERVICE_UNREACHABLE')) changes.clear.push('SERVICE_UNREACHABLE');
  } else if (
    report.component === 'client' &&
    !open.includes('SERVICE_UNREACHABLE') &&
    isServiceUnreachable({
      clientLastSeenAt: state.clientLastSeenAt,
      serviceLastSeenAt: state.serviceLastSeenAt,
      now,
      pollIntervalSeconds: state.pollIntervalSeconds,
      enrolledAt: state.enrolledAt,
    })
  ) {
    const detail = state.serviceLastSeenAt
      ? `last seen ${state.serviceLastSeenAt.toISOString()}`
      : 'never checked in';
    changes.raise.push({ code: 'SERVICE_UNREACHABLE', detail });
  }
  if (report.freeDiskBytes != null || report.localDataBytes != null) {
    const disk = {
      freeDiskBytes: report.freeDiskBytes ?? state.freeDiskBytes,
      localDataBytes: report.localDataBytes ?? state.localDataBytes,
    };
    const low = diskSpaceLow(disk);
    if (low === true && !open.includes('DISK_SPACE_LOW')) {
      const needed = 2 * disk.localDataBytes! + DISK_SPACE_MARGIN_BYTES;
      changes.raise.push({
        code: 'DISK_SPACE_LOW',
        detail: `${gb(disk.freeDiskBytes!)} free, ${gb(needed)} needed`,
      });
    } else if (low === false && open.includes('DISK_SPACE_LOW')) changes.clear.push('DISK_SPACE_LOW');
  }
  if (!state.mailboxKnown && !open.includes('MAILBOX_UNKNOWN'))
    changes.raise.push({ code: 'MAILBOX_UNKNOWN', detail: null });
  else if (state.mailboxKnown && open.includes('MAILBOX_UNKNOWN')) changes.clear.push('MAILBOX_UNKNOWN');
  return changes;
}

export function hasChanges(changes: ReadinessChanges): boolean {
  return changes.raise.length > 0 || changes.clear.length > 0;
}
