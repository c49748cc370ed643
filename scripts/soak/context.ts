import type { AgentJournal, Fleet } from '../../apps/agent-sim/src/fleet';
import { mergeCounts } from './collections';
import type { Options } from './options';
import type { PartnerClient } from './partner';
import type { Fault, Probe } from './recovery';
import type { Replica } from './replicas';
import { clock } from './report';

/** Everything one run holds on to, handed from phase to phase (set-up, chaos, checks, report). */
export interface Soak {
  o: Options;
  durationMs: number;
  logDir: string;
  db: { name: string; url: string };
  replicas: Replica[];
  partner: PartnerClient;
  migration: { id: string; enrollmentKey: string };
  probes: Probe[];
  fleets: Fleet[];
  journal: AgentJournal;
  t0: number;
  faults: Fault[];
  /** Instances the soak killed itself (A#1, ...): any other exit is a crash. */
  killedByUs: Set<string>;
  retries: string[];
  /** Scheduled work that failed (a replica that did not come back, a failed SOAK_PG_RESTART). */
  errors: string[];
  soakPeakRssBytes: number;
  stoppedAt: number;
  endedAt: number;
}

/** A progress line, stamped with the time since the start of the run. */
export function log(soak: Soak, line: string): void {
  console.log(`[${clock(Date.now() - soak.t0)}] ${line}`);
}

/** The fleets' summaries added up (one fleet per group of PCs). */
export function fleetTotals(fleets: readonly Fleet[]) {
  const summaries = fleets.map((f) => f.summary());
  const sum = (pick: (s: (typeof summaries)[number]) => number) => summaries.reduce((n, s) => n + pick(s), 0);
  return {
    polls: sum((s) => s.polls.total),
    statuses: mergeCounts(...summaries.map((s) => s.httpStatuses)),
    failovers: sum((s) => s.failovers),
    commands: mergeCounts(...summaries.map((s) => s.commandsReceived)),
    results: sum((s) => s.results.total),
    redeliveries: sum((s) => s.redeliveries),
    reenrolled: sum((s) => s.devices.reenrolled),
    retryAfterWaits: sum((s) => s.retryAfterWaits),
    agentErrors: sum((s) => s.agentErrors),
    firstAgentError: summaries.find((s) => s.firstAgentError)?.firstAgentError ?? null,
  };
}
