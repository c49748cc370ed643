import { setMaxListeners } from 'node:events';
import type { MigrationType } from '@cutover/domain';
import { SimulatedAgent } from './agent';
import { AgentHttp } from './agent-http';
import type { AgentJournal } from './journal';
import { planDevice, type DevicePlan } from './plan';
import { resolveScenario } from './scenarios';
import type { Scenario, ScenarioOverrides } from './scenarios/scenario';
import { SimClock } from './sim-clock';
import { FleetStats, type FleetSummary } from './stats';

export interface FleetOptions {
  /**
   * The server, e.g. http://localhost:3000 (the agent API is under /api/agent/v1), or several
   * replicas of it: PCs are spread over them round-robin, each sticks to its own, and a PC whose
   * request gets no reply (refused, reset, timed out) sends it again to the next one and stays there.
   */
  baseUrl: string | readonly string[];
  /** The migration's enrollment key from the dashboard. */
  enrollmentKey: string;
  /** A preset name (demo, load, cutover-night) or a scenario object; default demo. */
  scenario?: string | Scenario;
  /** Rates and counts on top of the scenario. */
  overrides?: ScenarioOverrides;
  /** Shortcuts for overrides.devices and overrides.speed. */
  devices?: number;
  speed?: number;
  /** Same seed, same fleet: traits of every PC and the outcome of every attempt. Default 1. */
  seed?: string | number;
  /** HTTP requests in flight at once (long polls not counted). Default 32. */
  concurrency?: number;
  /** Poll interval jitter, a fraction. Default 0.1 (±10 %). */
  jitter?: number;
  /** Client-part long poll hold in seconds (1–30); 0 for plain polls. Default 0. */
  longPollSeconds?: number;
  /** PC names are <prefix>-0001…; users CONTOSO\user0001, user0001@contoso.com. */
  hostnamePrefix?: string;
  emailDomain?: string;
  windowsDomain?: string;
  /** Number the PCs from here (several fleets on one migration). Default 0. */
  firstIndex?: number;
  /** The migration's type, when known: POP3 PCs keep all mail locally, so they report more local data. */
  migrationType?: MigrationType;
  /** Stop by itself after this many wall-clock ms; 0 or unset: run until stop(). */
  durationMs?: number;
  /** Call onProgress this often (wall-clock ms); 0 or unset: never. */
  progressEveryMs?: number;
  onProgress?: (summary: FleetSummary) => void;
  /** Replaces the global fetch (tests). */
  fetch?: typeof fetch;
  /** Records every request, command received and result acknowledged (scripts/soak checks them against the database). */
  journal?: AgentJournal;
}

export interface Fleet {
  readonly scenario: Scenario;
  readonly seed: string;
  /** What each PC was planned to be (traits are decided up front from the seed). */
  readonly plans: readonly DevicePlan[];
  /** Counters so far; safe to call at any time. */
  summary(): FleetSummary;
  /** Ends every loop, abandons running commands, awaits requests in flight; idempotent. */
  stop(): Promise<FleetSummary>;
  /** The final summary, once stopped (by stop(), durationMs, or every PC having nothing left to do). */
  readonly finished: Promise<FleetSummary>;
  /** Device ids, agent states and the base URL each PC talks to now, by hostname (tests, the demo seeder, the soak). */
  devices(): { hostname: string; deviceId: string | null; state: string; baseUrl: string }[];
}

/** What planFleet needs of the fleet's options: the PCs are decided by these alone. */
export type FleetPlanOptions = Pick<
  FleetOptions,
  | 'scenario'
  | 'overrides'
  | 'devices'
  | 'speed'
  | 'seed'
  | 'hostnamePrefix'
  | 'emailDomain'
  | 'windowsDomain'
  | 'firstIndex'
  | 'migrationType'
>;

/** The scenario, seed and PCs a fleet with these options plays (the demo maps its users' mailboxes from them). */
export function planFleet(options: FleetPlanOptions): {
  scenario: Scenario;
  seed: string;
  plans: DevicePlan[];
} {
  const scenario = resolveScenario(options.scenario ?? 'demo', {
    ...options.overrides,
    ...(options.devices !== undefined ? { devices: options.devices } : {}),
    ...(options.speed !== undefined ? { speed: options.speed } : {}),
  });
  const seed = String(options.seed ?? 1);
  const identity = {
    hostnamePrefix: options.hostnamePrefix ?? 'PC',
    emailDomain: options.emailDomain ?? 'contoso.com',
    windowsDomain: options.windowsDomain ?? 'CONTOSO',
  };
  const firstIndex = options.firstIndex ?? 0;
  const plans = Array.from({ length: scenario.devices }, (_, i) =>
    planDevice(scenario, seed, firstIndex + i, identity, options.migrationType ?? null),
  );
  return { scenario, seed, plans };
}

/** Starts N simulated PCs against a real server over HTTP; returns at once, the fleet runs in the background. */
export function startFleet(options: FleetOptions): Fleet {
  const { scenario, seed, plans } = planFleet(options);
  const jitter = options.jitter ?? 0.1;
  const longPollSeconds = options.longPollSeconds ?? 0;
  if (!(jitter >= 0 && jitter < 1)) throw new Error(`jitter must be in [0, 1) (got ${jitter})`);
  if (
    longPollSeconds !== 0 &&
    !(Number.isInteger(longPollSeconds) && longPollSeconds >= 1 && longPollSeconds <= 30)
  ) {
    throw new Error(`longPollSeconds must be 0 or a whole number from 1 to 30 (got ${longPollSeconds})`);
  }
  if (!options.enrollmentKey)
    throw new Error('An enrollment key is required (the migration page of the dashboard shows it).');
  const given = typeof options.baseUrl === 'string' ? [options.baseUrl] : [...options.baseUrl];
  if (given.length === 0) throw new Error('At least one base URL is needed.');
  const baseUrls = given.map((url) => new URL(url).toString());

  const clock = new SimClock(scenario.speed);
  const stats = new FleetStats();
  const abort = new AbortController();
  // every sleep of every PC listens to it
  setMaxListeners(0, abort.signal);
  const http = new AgentHttp({
    baseUrl: baseUrls,
    concurrency: options.concurrency ?? 32,
    stats,
    signal: abort.signal,
    fetch: options.fetch,
    journal: options.journal,
  });
  const agents = plans.map(
    (plan, i) =>
      new SimulatedAgent({
        plan,
        scenario,
        seed,
        enrollmentKey: options.enrollmentKey,
        clock,
        http,
        stats,
        signal: abort.signal,
        jitter,
        longPollSeconds,
        urlIndex: i % baseUrls.length,
        journal: options.journal,
      }),
  );
  const planned = {
    devices: plans.length,
    offline: plans.filter((p) => p.offline).length,
    late: plans.filter((p) => p.late).length,
    outdatedOutlook: plans.filter((p) => p.outdatedOutlook).length,
    serviceUnreachable: plans.filter((p) => p.serviceUnreachable).length,
    tightDisk: plans.filter((p) => p.tightDisk).length,
    noEmail: plans.filter((p) => p.userEmail === null).length,
  };
  const startedAt = performance.now();
  let stoppedAt: number | null = null;
  const summary = (): FleetSummary => {
    const elapsedRealMs = (stoppedAt ?? performance.now()) - startedAt;
    return stats.summary({
      scenario: scenario.name,
      seed,
      speed: scenario.speed,
      elapsedRealMs,
      simulatedMs: clock.toSimMs(elapsedRealMs),
      planned,
      states: agents.map((a) => a.state),
      abandonedCommands: agents.reduce((n, a) => n + a.abandoned, 0),
    });
  };

  const runs = agents.map((agent) =>
    agent.run().catch((error: unknown) => {
      stats.agentError(error);
    }),
  );
  const timers: NodeJS.Timeout[] = [];
  if (options.progressEveryMs && options.onProgress) {
    const onProgress = options.onProgress;
    timers.push(setInterval(() => onProgress(summary()), options.progressEveryMs));
  }

  let resolveFinished: (s: FleetSummary) => void = () => undefined;
  const finished = new Promise<FleetSummary>((resolve) => (resolveFinished = resolve));
  let stopping: Promise<FleetSummary> | null = null;
  const stop = (): Promise<FleetSummary> => {
    stopping ??= (async () => {
      abort.abort();
      for (const timer of timers) clearInterval(timer);
      await Promise.allSettled(runs);
      await http.idle();
      stoppedAt = performance.now();
      const final = summary();
      resolveFinished(final);
      return final;
    })();
    return stopping;
  };
  if (options.durationMs && options.durationMs > 0)
    timers.push(setTimeout(() => void stop(), options.durationMs));
  // every PC done on its own (all offline, or the key was refused): nothing left to simulate
  void Promise.allSettled(runs).then(() => stop());

  return {
    scenario,
    seed,
    plans,
    summary,
    stop,
    finished,
    devices: () =>
      agents.map((a) => ({
        hostname: a.plan.hostname,
        deviceId: a.deviceId,
        state: a.state,
        baseUrl: http.baseUrls[a.urlIndex % http.baseUrls.length],
      })),
  };
}

// the library's public surface (the demo seeder, load tests and browser tests use the fleet through it)
export { formatProgress, formatSummary, type FleetSummary } from './stats';
export {
  AgentJournal,
  type AcknowledgedRecord,
  type EnrollmentRecord,
  type ReceivedRecord,
  type RequestRecord,
  type UnauthorizedRecord,
} from './journal';
export { SCENARIOS, SCENARIO_NAMES, resolveScenario } from './scenarios';
export type { Scenario, ScenarioOverrides, ErrorRates } from './scenarios/scenario';
