import type { AgentComponent, ResultStatus } from '@cutover/domain';
import { formatSimTime } from './sim-clock';

/** Where one simulated PC stands, as the agent itself sees it. */
export const AGENT_STATES = [
  'enrolling',
  'enroll_failed',
  'offline',
  'waiting_to_come_online',
  'idle',
  'creating_profile',
  'profile_failed',
  'profile_created',
  'switching',
  'switch_deferred',
  'switch_failed',
  'switched',
] as const;
export type AgentState = (typeof AGENT_STATES)[number];

export interface ResultCounts {
  succeeded: number;
  failed: number;
  deferred: number;
  errorCodes: Record<string, number>;
}

export interface FleetSummary {
  scenario: string;
  seed: string;
  speed: number;
  elapsedRealSeconds: number;
  simulatedMinutes: number;
  devices: {
    planned: number;
    enrolled: number;
    enrollFailed: number;
    /** Enrolled again after a 401 on a token (the same deviceId, a new token). */
    reenrolled: number;
    /** Traits of the plan (D12, D11, D3, D1). */
    offline: number;
    late: number;
    outdatedOutlook: number;
    serviceUnreachable: number;
    /** D13: planned tight on disk (DISK_SPACE_LOW) and without an email address (MAILBOX_UNKNOWN unless mapped). */
    tightDisk: number;
    noEmail: number;
    /** Polled at least once. */
    cameOnline: number;
  };
  polls: { client: number; service: number; total: number };
  /** New commands by type (a redelivered id is counted under redeliveries). */
  commandsReceived: Record<string, number>;
  redeliveries: number;
  progressReports: number;
  results: {
    total: number;
    byStatus: Record<ResultStatus, number>;
    byErrorCode: Record<string, number>;
    byType: Record<string, ResultCounts>;
  };
  /** HTTP error replies by status ("network" for no reply at all). */
  httpErrors: Record<string, number>;
  /** Every reply by status, successes included ("network" for no reply at all). */
  httpStatuses: Record<string, number>;
  /** Waits honouring Retry-After on 429/503. */
  retryAfterWaits: number;
  /** Times a PC moved to the next base URL because a request got no reply (several base URLs). */
  failovers: number;
  /** Commands still running when the fleet stopped (their leases run out on the server). */
  abandonedCommands: number;
  /** Simulator bugs (expected 0). */
  agentErrors: number;
  firstAgentError: string | null;
  /** Final agent states. */
  states: Partial<Record<AgentState, number>>;
}

/** Counters every agent and the HTTP client add to; summary() is a snapshot. */
export class FleetStats {
  enrolled = 0;
  enrollFailed = 0;
  reenrolled = 0;
  cameOnline = 0;
  readonly polls: Record<AgentComponent, number> = { client: 0, service: 0 };
  readonly commandsReceived: Record<string, number> = {};
  redeliveries = 0;
  progressReports = 0;
  readonly results = new Map<string, ResultCounts>();
  readonly httpErrors: Record<string, number> = {};
  readonly httpStatuses: Record<string, number> = {};
  retryAfterWaits = 0;
  failovers = 0;
  /** Bugs in the simulator itself (never expected); the first message is kept for the report. */
  agentErrors = 0;
  firstAgentError: string | null = null;

  agentError(error: unknown): void {
    this.agentErrors += 1;
    this.firstAgentError ??= error instanceof Error ? (error.stack ?? error.message) : String(error);
  }

  poll(component: AgentComponent): void {
    this.polls[component] += 1;
  }

  commandReceived(type: string, redelivered: boolean): void {
    if (redelivered) this.redeliveries += 1;
    else this.commandsReceived[type] = (this.commandsReceived[type] ?? 0) + 1;
  }

  resultRecorded(type: string, status: ResultStatus, errorCode: string | undefined): void {
    const counts = this.results.get(type) ?? { succeeded: 0, failed: 0, deferred: 0, errorCodes: {} };
    counts[status] += 1;
    if (errorCode) counts.errorCodes[errorCode] = (counts.errorCodes[errorCode] ?? 0) + 1;
    this.results.set(type, counts);
  }

  httpError(status: number | 'network'): void {
    const key = String(status);
    this.httpErrors[key] = (this.httpErrors[key] ?? 0) + 1;
  }

  reply(status: number | 'network'): void {
    const key = String(status);
    this.httpStatuses[key] = (this.httpStatuses[key] ?? 0) + 1;
  }

  summary(input: {
    scenario: string;
    seed: string;
    speed: number;
    elapsedRealMs: number;
    simulatedMs: number;
    planned: {
      devices: number;
      offline: number;
      late: number;
      outdatedOutlook: number;
      serviceUnreachable: number;
      tightDisk: number;
      noEmail: number;
    };
    states: readonly AgentState[];
    abandonedCommands: number;
  }): FleetSummary {
    const byStatus: Record<ResultStatus, number> = { succeeded: 0, failed: 0, deferred: 0 };
    const byErrorCode: Record<string, number> = {};
    const byType: Record<string, ResultCounts> = {};
    for (const [type, counts] of [...this.results.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      byType[type] = { ...counts, errorCodes: sortKeys(counts.errorCodes) };
      byStatus.succeeded += counts.succeeded;
      byStatus.failed += counts.failed;
      byStatus.deferred += counts.deferred;
      for (const [code, n] of Object.entries(counts.errorCodes))
        byErrorCode[code] = (byErrorCode[code] ?? 0) + n;
    }
    const states: Partial<Record<AgentState, number>> = {};
    for (const state of input.states) states[state] = (states[state] ?? 0) + 1;
    return {
      scenario: input.scenario,
      seed: input.seed,
      speed: input.speed,
      elapsedRealSeconds: Math.round(input.elapsedRealMs / 100) / 10,
      simulatedMinutes: Math.round(input.simulatedMs / 6000) / 10,
      devices: {
        planned: input.planned.devices,
        enrolled: this.enrolled,
        enrollFailed: this.enrollFailed,
        reenrolled: this.reenrolled,
        offline: input.planned.offline,
        late: input.planned.late,
        outdatedOutlook: input.planned.outdatedOutlook,
        serviceUnreachable: input.planned.serviceUnreachable,
        tightDisk: input.planned.tightDisk,
        noEmail: input.planned.noEmail,
        cameOnline: this.cameOnline,
      },
      polls: {
        client: this.polls.client,
        service: this.polls.service,
        total: this.polls.client + this.polls.service,
      },
      commandsReceived: sortKeys(this.commandsReceived),
      redeliveries: this.redeliveries,
      progressReports: this.progressReports,
      results: {
        total: byStatus.succeeded + byStatus.failed + byStatus.deferred,
        byStatus,
        byErrorCode: sortKeys(byErrorCode),
        byType,
      },
      httpErrors: sortKeys(this.httpErrors),
      httpStatuses: sortKeys(this.httpStatuses),
      retryAfterWaits: this.retryAfterWaits,
      failovers: this.failovers,
      abandonedCommands: input.abandonedCommands,
      agentErrors: this.agentErrors,
      firstAgentError: this.firstAgentError,
      states: orderStates(states),
    };
  }
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}

function orderStates(states: Partial<Record<AgentState, number>>): Partial<Record<AgentState, number>> {
  return Object.fromEntries(AGENT_STATES.filter((s) => states[s]).map((s) => [s, states[s]]));
}

function pairs(record: Record<string, number>): string {
  const entries = Object.entries(record).filter(([, n]) => n > 0);
  return entries.length === 0 ? 'none' : entries.map(([k, n]) => `${k} ${n}`).join(', ');
}

/** One line while the fleet runs. */
export function formatProgress(s: FleetSummary): string {
  const errors = Object.values(s.httpErrors).reduce((a, b) => a + b, 0);
  return (
    `[sim ${formatSimTime(s.simulatedMinutes * 60_000)} | ${s.elapsedRealSeconds.toFixed(0)}s] ` +
    `enrolled ${s.devices.enrolled}/${s.devices.planned} online ${s.devices.cameOnline} ` +
    `polls ${s.polls.total} commands ${pairs(s.commandsReceived)} ` +
    `results ok ${s.results.byStatus.succeeded} failed ${s.results.byStatus.failed} deferred ${s.results.byStatus.deferred} ` +
    `http errors ${errors}`
  );
}

/** The report printed when the fleet stops. */
export function formatSummary(s: FleetSummary): string {
  const d = s.devices;
  const lines = [
    `Simulator summary (scenario ${s.scenario}, seed ${s.seed}, speed ${s.speed}x)`,
    `  ran             ${s.elapsedRealSeconds}s real = ${s.simulatedMinutes} simulated minutes`,
    `  devices         ${d.enrolled}/${d.planned} enrolled (${d.enrollFailed} failed, ${d.reenrolled} re-enrolled), ${d.cameOnline} came online`,
    `  plan            ${d.offline} offline, ${d.late} late, ${d.outdatedOutlook} old Outlook, ${d.serviceUnreachable} service part unreachable, ` +
      `${d.tightDisk} tight on disk, ${d.noEmail} without an email`,
    `  polls           ${s.polls.total} (client ${s.polls.client}, service ${s.polls.service})`,
    `  commands        ${pairs(s.commandsReceived)}; ${s.redeliveries} redelivered, ${s.abandonedCommands} abandoned at stop`,
    `  progress        ${s.progressReports} reports`,
    `  results         ${s.results.total}: ${pairs(s.results.byStatus)}`,
  ];
  for (const [type, counts] of Object.entries(s.results.byType)) {
    lines.push(
      `    ${type.padEnd(16)}succeeded ${counts.succeeded}, failed ${counts.failed}, deferred ${counts.deferred}` +
        (Object.keys(counts.errorCodes).length > 0 ? ` (${pairs(counts.errorCodes)})` : ''),
    );
  }
  lines.push(
    `  http errors     ${pairs(s.httpErrors)}${s.retryAfterWaits > 0 ? `; ${s.retryAfterWaits} Retry-After waits` : ''}` +
      (s.failovers > 0 ? `; ${s.failovers} failovers to the next base URL` : ''),
    `  final states    ${pairs(s.states as Record<string, number>)}`,
  );
  if (s.agentErrors > 0) lines.push(`  SIMULATOR ERRORS ${s.agentErrors}, first: ${s.firstAgentError}`);
  return lines.join('\n');
}
