/** The data of the browser test, set up over HTTP: the partner, the migration and the fleet of agents. */
import type { CreateMigrationRequest, Migration } from '@cutover/domain';
import {
  check,
  createProfileOf,
  log,
  type Agent,
  type AgentClient,
  type PartnerClient,
  type ScreenContext,
} from './harness';

export const EMAIL = 'night-shift@northwind-it.example';
export const PASSWORD = 'correct horse battery staple';

// The fleet: three PCs whose profile creation fails, and some that are fine, to make the tab realistic.
export const FAILING = [
  { hostname: 'PC-ACCT-01', user: 'alice', errorCode: 'CREDENTIAL_PROMPT_TIMEOUT' },
  { hostname: 'PC-ACCT-02', user: 'bob', errorCode: 'AUTODISCOVER_FAILED' },
  { hostname: 'PC-SALES-07', user: 'carol', errorCode: 'OUTLOOK_RUNNING_AS_ADMIN' },
] as const;
export const HEALTHY = [
  { hostname: 'PC-FRONT-01', user: 'dave', outlookVersion: '16.0.17928.20114' },
  { hostname: 'PC-FRONT-02', user: 'erin', outlookVersion: '15.0.4420.1017' }, // 2013 before SP1: OUTLOOK_OUTDATED (D3)
  { hostname: 'PC-WAREHOUSE', user: 'frank', outlookVersion: '16.0.17928.20114' },
] as const;
const NEVER_POLLED = { hostname: 'PC-LOBBY', user: 'kiosk' };
// Enrolled after the first retry, for the morning report: two PCs share one error, which is the one selected.
export const MORNING_FAILING = [
  { hostname: 'PC-HR-01', user: 'grace', errorCode: 'AUTODISCOVER_FAILED' },
  { hostname: 'PC-HR-02', user: 'heidi', errorCode: 'AUTODISCOVER_FAILED' },
  { hostname: 'PC-SALES-08', user: 'ivan', errorCode: 'CREDENTIAL_PROMPT_TIMEOUT' },
] as const;
export const SELECTED_ERROR = 'AUTODISCOVER_FAILED';

/** The partner, its migration (cutover two days away) and the fleet; returns the three failing agents. */
export async function seedFleet(
  partner: PartnerClient,
  agents: AgentClient,
): Promise<{ migration: Migration; failing: Agent[] }> {
  log('signing up a partner and creating a migration through the API');
  await partner('POST', '/auth/signup', { partnerName: 'Northwind IT', email: EMAIL, password: PASSWORD });
  const cutoverAt = new Date(Date.now() + 2 * 24 * 3600_000).toISOString();
  const request: CreateMigrationRequest = {
    customerName: 'Contoso Ltd',
    cutoverAt,
    migrationType: 'exchange',
  };
  const migration = await partner<Migration>('POST', '/migrations', request);

  log('enrolling the fleet through the agent API; three fail profile creation');
  const failing: Agent[] = [];
  for (const pc of FAILING) {
    const agent = await enrolFailing(agents, migration, pc);
    // D4: the automatic retry is hours away, so nothing is handed out now
    const next = await agents.pollClient(agent);
    check(next.commands.length === 0, `${pc.hostname} should get no command before the manual retry`);
    failing.push(agent);
  }
  for (const pc of HEALTHY) {
    const agent = await agents.enroll(migration.enrollmentKey, pc.hostname, pc.user, pc.outlookVersion);
    const reply = await agents.pollClient(agent, pc.outlookVersion);
    await agents.pollService(agent);
    await agents.result(agent, createProfileOf(reply, pc.hostname), { status: 'succeeded' });
  }
  await agents.enroll(migration.enrollmentKey, NEVER_POLLED.hostname, NEVER_POLLED.user);
  return { migration, failing };
}

/** MORNING_FAILING enrol and fail profile creation; their agents go to ctx.morningFailing. */
export async function seedMorningFailures(ctx: ScreenContext): Promise<void> {
  const { agents, migration } = ctx;
  log('three more PCs fail profile creation, two with the same error, for the morning report (D12)');
  for (const pc of MORNING_FAILING) {
    const agent = await enrolFailing(agents, migration, pc);
    ctx.morningFailing.set(pc.hostname, agent);
  }
}

/** One PC enrols, polls (client and service part) and fails its CREATE_PROFILE with `pc.errorCode`. */
async function enrolFailing(
  agents: ScreenContext['agents'],
  migration: Migration,
  pc: { hostname: string; user: string; errorCode: string },
): Promise<Agent> {
  const agent = await agents.enroll(migration.enrollmentKey, pc.hostname, pc.user, '16.0.17928.20114');
  const reply = await agents.pollClient(agent);
  await agents.pollService(agent);
  await agents.result(agent, createProfileOf(reply, pc.hostname), {
    status: 'failed',
    errorCode: pc.errorCode,
    message: `Simulated ${pc.errorCode}`,
  });
  return agent;
}
