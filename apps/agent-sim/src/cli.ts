import { parseArgs } from 'node:util';
import { MIGRATION_TYPES, type MigrationType } from '@cutover/domain';
import { startFleet, type FleetOptions } from './fleet';
import { SCENARIO_NAMES, SCENARIOS } from './scenarios';
import { AGENT_ERROR_CODES, type ErrorRates, type ScenarioOverrides } from './scenarios/scenario';
import { formatProgress, formatSummary } from './stats';

const OPTIONS = {
  'base-url': { type: 'string', multiple: true },
  'enrollment-key': { type: 'string', default: process.env.CUTOVER_ENROLLMENT_KEY ?? '' },
  scenario: { type: 'string', default: 'demo' },
  devices: { type: 'string' },
  speed: { type: 'string' },
  seed: { type: 'string', default: '1' },
  duration: { type: 'string', default: '0' },
  concurrency: { type: 'string', default: '32' },
  jitter: { type: 'string', default: '0.1' },
  'long-poll': { type: 'boolean', default: false },
  'wait-seconds': { type: 'string', default: '25' },
  'hostname-prefix': { type: 'string', default: 'PC' },
  'email-domain': { type: 'string', default: 'contoso.com' },
  'first-index': { type: 'string', default: '0' },
  'migration-type': { type: 'string' },
  'offline-rate': { type: 'string' },
  'late-rate': { type: 'string' },
  'old-outlook-rate': { type: 'string' },
  'service-unreachable-rate': { type: 'string' },
  'no-email-rate': { type: 'string' },
  'tight-disk-rate': { type: 'string' },
  'defer-rate': { type: 'string' },
  'create-failure': { type: 'string', multiple: true },
  'switch-failure': { type: 'string', multiple: true },
  progress: { type: 'string', default: '5' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

function help(): string {
  const scenarios = SCENARIO_NAMES.map((name) => {
    const s = SCENARIOS[name];
    return `                               ${name.padEnd(14)} ${s.devices} PCs, speed ${s.speed}: ${s.description}`;
  }).join('\n');
  return `Cutover agent simulator: plays N Windows agents (client and service parts) over real HTTP
with the agent protocol v1 (enroll, poll, progress, result) and prints a summary when it stops.

Usage: npm run sim -- --enrollment-key <key> [options]

Options (default in brackets):
  --base-url <url>             server to talk to [$CUTOVER_URL or http://localhost:3000]; repeat it for
                               several replicas: PCs are spread over them round-robin, each sticks to
                               its own and, when a request gets no reply (refused, reset, timed out),
                               sends it again to the next one and stays there (counted as failovers)
  --enrollment-key <key>       the migration's enrollment key (dashboard) [$CUTOVER_ENROLLMENT_KEY]; required
  --scenario <name>            preset [demo]:
${scenarios}
  --devices <n>                number of PCs [the scenario's]
  --speed <x>                  simulated clock speed: 60 makes a 2-minute poll interval take 2 s
                               and a 10-minute credential prompt 10 s [the scenario's]
  --seed <s>                   same seed, same fleet and outcomes [1]
  --duration <seconds>         stop after this many wall-clock seconds; 0 runs until Ctrl-C [0]
  --concurrency <n>            HTTP requests in flight at once, long polls not counted [32]
  --jitter <fraction>          poll interval jitter, 0.1 = ±10 % [0.1]
  --long-poll                  client parts poll with ?waitSeconds= (held until a command is ready) [off]
  --wait-seconds <n>           longest long-poll hold, 1-30 [25]
  --hostname-prefix <p>        PCs are named <p>-0001, <p>-0002, ... [PC]
  --email-domain <d>           users are user0001@<d> [contoso.com]
  --first-index <n>            number PCs from n+1 (several fleets on one migration) [0]
  --migration-type <t>         the migration's type (${MIGRATION_TYPES.join(', ')}): pop3 PCs report
                               more local data, all of which the switch moves [unknown]
  --offline-rate <p>           share of PCs that enroll and never come online [the scenario's]
  --late-rate <p>              share that come online late, the Monday-morning herd [the scenario's]
  --old-outlook-rate <p>       share reporting an outdated Outlook build [the scenario's]
  --service-unreachable-rate <p>  share whose service part never reaches the server [the scenario's]
  --no-email-rate <p>          share of users without an email (MAILBOX_UNKNOWN unless mapped) [the scenario's]
  --tight-disk-rate <p>        share of PCs with free disk below 2 x local data + 5 GiB (DISK_SPACE_LOW);
                               the switch fails with DISK_FULL on those that cannot hold what it moves
                               plus 1 GiB [the scenario's]
  --defer-rate <p>             share of SWITCH_PROFILE offers the user defers 10 minutes [the scenario's]
  --create-failure CODE=p      CREATE_PROFILE failure rate per error code; repeat the option;
                               replaces the scenario's rates ("none" for no failures)
  --switch-failure CODE=p      the same for SWITCH_PROFILE, except DISK_FULL (it follows from the disk)
                               codes: ${AGENT_ERROR_CODES.slice(0, 4).join(', ')},
                               ${AGENT_ERROR_CODES.slice(4).join(', ')}
  --progress <seconds>         a progress line this often, 0 for none [5]
  --json                       print the final summary as JSON
  -h, --help                   this text

Ctrl-C stops cleanly: requests in flight finish, then the summary is printed (twice: exit at once).
Exit status: 0, or 1 when no PC could enroll or the server answered with a 5xx.`;
}

function number(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n)) throw new Error(`--${name} must be a number (got "${raw}")`);
  return n;
}

function errorRates(name: string, raw: string[] | undefined): ErrorRates | undefined {
  if (raw === undefined) return undefined;
  const rates: ErrorRates = {};
  for (const item of raw) {
    if (item === 'none') continue;
    const match = /^([A-Z_]+)=([0-9.]+)$/.exec(item);
    if (!match)
      throw new Error(`--${name} takes CODE=rate, e.g. --${name} AUTODISCOVER_FAILED=0.05 (got "${item}")`);
    rates[match[1] as keyof ErrorRates] = number(name, match[2]);
  }
  return rates;
}

/** Parses argv into fleet options; throws an Error whose message says what to fix. */
export function parseCli(
  argv: string[],
): { help: true } | { help: false; json: boolean; fleet: FleetOptions } {
  const { values } = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false });
  if (values.help) return { help: true };
  if (!values['enrollment-key']) {
    throw new Error(
      '--enrollment-key is required (or set CUTOVER_ENROLLMENT_KEY): copy it from the migration page of the dashboard.',
    );
  }
  const overrides: ScenarioOverrides = {
    devices: number('devices', values.devices),
    speed: number('speed', values.speed),
    offlineRate: number('offline-rate', values['offline-rate']),
    lateRate: number('late-rate', values['late-rate']),
    oldOutlookRate: number('old-outlook-rate', values['old-outlook-rate']),
    serviceUnreachableRate: number('service-unreachable-rate', values['service-unreachable-rate']),
    noEmailRate: number('no-email-rate', values['no-email-rate']),
    tightDiskRate: number('tight-disk-rate', values['tight-disk-rate']),
    deferRate: number('defer-rate', values['defer-rate']),
    createFailureRates: errorRates('create-failure', values['create-failure']),
    switchFailureRates: errorRates('switch-failure', values['switch-failure']),
  };
  const migrationType = values['migration-type'];
  if (migrationType !== undefined && !(MIGRATION_TYPES as readonly string[]).includes(migrationType))
    throw new Error(`--migration-type must be one of ${MIGRATION_TYPES.join(', ')} (got "${migrationType}")`);
  const progressSeconds = number('progress', values.progress) ?? 5;
  const baseUrls = values['base-url'] ?? [process.env.CUTOVER_URL ?? 'http://localhost:3000'];
  return {
    help: false,
    json: values.json,
    fleet: {
      baseUrl: baseUrls.length === 1 ? baseUrls[0] : baseUrls,
      enrollmentKey: values['enrollment-key'],
      scenario: values.scenario,
      overrides,
      seed: values.seed,
      durationMs: (number('duration', values.duration) ?? 0) * 1000,
      concurrency: number('concurrency', values.concurrency),
      jitter: number('jitter', values.jitter),
      longPollSeconds: values['long-poll'] ? number('wait-seconds', values['wait-seconds']) : 0,
      hostnamePrefix: values['hostname-prefix'],
      emailDomain: values['email-domain'],
      firstIndex: number('first-index', values['first-index']),
      migrationType: migrationType as MigrationType | undefined,
      progressEveryMs: progressSeconds * 1000,
    },
  };
}

async function main(): Promise<number> {
  let parsed: ReturnType<typeof parseCli>;
  let fleet: ReturnType<typeof startFleet>;
  try {
    parsed = parseCli(process.argv.slice(2));
    if (parsed.help) {
      console.log(help());
      return 0;
    }
    fleet = startFleet({ ...parsed.fleet, onProgress: (s) => console.error(formatProgress(s)) });
  } catch (error) {
    console.error(
      `${error instanceof Error ? error.message : String(error)}\nRun with --help for the options.`,
    );
    return 2;
  }
  const { json } = parsed;
  const s = fleet.scenario;
  console.error(
    `Simulating ${s.devices} PCs (scenario ${s.name}, seed ${fleet.seed}, speed ${s.speed}x) against ${[parsed.fleet.baseUrl].flat().join(', ')}; Ctrl-C stops.`,
  );
  let interrupted = false;
  process.on('SIGINT', () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    console.error('Stopping: waiting for requests in flight (Ctrl-C again to quit at once)...');
    void fleet.stop();
  });
  process.on('SIGTERM', () => void fleet.stop());
  const summary = await fleet.finished;
  console.log(json ? JSON.stringify(summary, null, 2) : formatSummary(summary));
  if (summary.devices.enrolled === 0) {
    console.error(
      'No PC could enroll: check --base-url and --enrollment-key (httpErrors above shows what the server said).',
    );
    return 1;
  }
  const serverErrors = Object.keys(summary.httpErrors).filter(
    (status) => status.startsWith('5') && status !== '503',
  );
  return serverErrors.length > 0 || summary.agentErrors > 0 ? 1 : 0;
}

if (require.main === module) {
  // exit explicitly: idle keep-alive connections would hold the process a few more seconds
  void main().then((code) => process.exit(code));
}
