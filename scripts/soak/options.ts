import { parseArgs } from 'node:util';

/** The soak's command line (--minutes, --agents, ...) and environment (DATABASE_URL, SOAK_PG_RESTART). */

const DEFAULT_SERVER = 'postgres://postgres@127.0.0.1:5432/postgres';

const OPTIONS = {
  minutes: { type: 'string', default: '5' },
  agents: { type: 'string', default: '500' },
  'poll-interval': { type: 'string', default: '5' },
  'restart-after': { type: 'string', default: '5' },
  'long-poll-share': { type: 'string', default: '0.5' },
  'transfer-cap': { type: 'string' },
  seed: { type: 'string', default: 'soak' },
  'keep-db': { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export const HELP = `npm run soak -- [options]: two API replicas, N simulated agents, replica kills and a PostgreSQL
restart, then the invariants checked in SQL (scripts/soak/soak.ts has the definitions). Build first:
npx nx run-many -t build.

  --minutes <m>          length of the run [5]
  --agents <n>           simulated PCs, spread over both replicas [500]
  --poll-interval <s>    the migration's poll interval, 5-3600 [5]
  --restart-after <s>    a killed replica starts again this much later [5]
  --long-poll-share <p>  share of PCs whose client part long-polls [0.5]
  --transfer-cap <n>     D11 cap on running switches [none]
  --seed <s>             the simulator's seed [soak]
  --keep-db              keep the database afterwards (it is kept anyway when the soak fails)

Environment: DATABASE_URL, the server to create the database on [${DEFAULT_SERVER}];
SOAK_PG_RESTART, a shell command that restarts PostgreSQL, run once at half time (skipped when unset),
e.g. SOAK_PG_RESTART="pg_ctlcluster 15 main restart -m immediate".
Exit status: 0 passed, 1 a 5xx other than 503, a loss, a duplicate or a 401 to a valid agent (see the
table), 2 could not run.`;

export interface Options {
  minutes: number;
  agents: number;
  pollIntervalSeconds: number;
  restartAfterMs: number;
  longPollShare: number;
  transferCap: number | null;
  seed: string;
  keepDb: boolean;
  pgRestart: string | null;
  serverUrl: string;
}

/** Null for --help; throws on an option that is off. */
export function parseOptions(argv: string[]): Options | null {
  const { values } = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false });
  if (values.help) return null;
  const num = (name: string, raw: string, ok: (n: number) => boolean, what: string): number => {
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n) || !ok(n))
      throw new Error(`--${name} must be ${what} (got "${raw}")`);
    return n;
  };
  const whole =
    (min: number, max = Infinity) =>
    (n: number) =>
      Number.isInteger(n) && n >= min && n <= max;
  return {
    minutes: num('minutes', values.minutes, (n) => n > 0, 'a positive number'),
    agents: num('agents', values.agents, whole(2), 'a whole number >= 2'),
    pollIntervalSeconds: num(
      'poll-interval',
      values['poll-interval'],
      whole(5, 3600),
      'a whole number from 5 to 3600',
    ),
    restartAfterMs: num('restart-after', values['restart-after'], (n) => n >= 0, 'a number >= 0') * 1000,
    longPollShare: num(
      'long-poll-share',
      values['long-poll-share'],
      (n) => n >= 0 && n <= 1,
      'between 0 and 1',
    ),
    transferCap:
      values['transfer-cap'] === undefined
        ? null
        : num('transfer-cap', values['transfer-cap'], whole(1), 'a whole number >= 1'),
    seed: values.seed,
    keepDb: values['keep-db'],
    pgRestart: process.env.SOAK_PG_RESTART?.trim() || null,
    serverUrl: process.env.DATABASE_URL?.trim() || DEFAULT_SERVER,
  };
}
