import { execFile } from 'node:child_process';
import { log, type Soak } from './context';
import type { Fault } from './recovery';
import { type Replica, sleep } from './replicas';
import { seconds } from './report';

/**
 * What the soak does during the run besides the agents: SIGKILL replica A at 1/3 and B at 2/3, the PostgreSQL
 * restart at 1/2 (with SOAK_PG_RESTART), the partner's six retries at k/7, and the partner's reads.
 */

/** Starts the timers; the promises settle when each step is done. A failed step is noted in soak.errors. */
export function scheduleFaults(soak: Soak): Promise<void>[] {
  const { o, durationMs, replicas } = soak;
  const scheduled: Promise<void>[] = [];
  const at = (fraction: number, task: () => Promise<void>) =>
    scheduled.push(
      sleep(Math.max(0, soak.t0 + fraction * durationMs - Date.now()))
        .then(task)
        .catch((error: unknown) => {
          const message = error instanceof Error ? error.message : String(error);
          soak.errors.push(message);
          log(soak, `FAILED: ${message}`);
        }),
    );
  at(1 / 3, () => killAndRestart(soak, replicas[0]));
  if (o.pgRestart) at(1 / 2, () => restartDatabase(soak, o.pgRestart!));
  at(2 / 3, () => killAndRestart(soak, replicas[1]));
  for (let k = 1; k <= 6; k++) at(k / 7, () => partnerRetry(soak, k));
  return scheduled;
}

/** The partner's dashboard meanwhile: the failed devices, the migration, its alerts, the latest check-ins. */
export function startPartnerReads(soak: Soak): () => Promise<void> {
  let reading = true;
  const reads = (async () => {
    const id = soak.migration.id;
    const paths = [
      `/api/migrations/${id}/devices?status=profile_failed&limit=100`,
      `/api/migrations/${id}`,
      `/api/migrations/${id}/alerts`,
      `/api/migrations/${id}/devices?sort=-lastSeenAt&limit=50`,
    ];
    for (let i = 0; reading; i++) {
      await soak.partner.call('GET', paths[i % paths.length]);
      await sleep(2500);
    }
  })();
  return () => {
    reading = false;
    return reads;
  };
}

function shell(command: string): Promise<{ ok: boolean; output: string }> {
  return new Promise((resolve) => {
    execFile('sh', ['-c', command], { timeout: 120_000 }, (error, stdout, stderr) =>
      resolve({ ok: !error, output: `${stdout}${stderr}`.trim() || (error ? error.message : '') }),
    );
  });
}

/** SIGKILL, then the same port again after --restart-after. */
async function killAndRestart(soak: Soak, replica: Replica): Promise<void> {
  const fault: Fault = {
    name: `kill replica ${replica.name}`,
    replicas: [replica],
    at: Date.now(),
    doneAt: null,
    note: '',
  };
  soak.faults.push(fault);
  soak.killedByUs.add(`${replica.name}#${replica.current?.number}`);
  log(soak, `SIGKILL replica ${replica.name} (pid ${replica.pid})`);
  replica.kill();
  await sleep(soak.o.restartAfterMs);
  const ms = await replica.start();
  fault.doneAt = Date.now();
  fault.note = `restarted after ${seconds(soak.o.restartAfterMs)}, healthy ${seconds(ms)} later`;
  log(soak, `replica ${replica.name} started again (pid ${replica.pid}), healthy after ${seconds(ms)}`);
}

async function restartDatabase(soak: Soak, command: string): Promise<void> {
  const fault: Fault = {
    name: 'PostgreSQL restart',
    replicas: soak.replicas,
    at: Date.now(),
    doneAt: null,
    note: '',
  };
  soak.faults.push(fault);
  log(soak, `PostgreSQL restart: ${command}`);
  const result = await shell(command);
  fault.doneAt = Date.now();
  fault.note = `"${command}" ${result.ok ? 'took' : 'FAILED after'} ${seconds(fault.doneAt - fault.at)}`;
  log(soak, `${fault.note}${result.output ? `: ${result.output}` : ''}`);
  if (!result.ok) throw new Error(`SOAK_PG_RESTART failed: ${result.output}`);
}

/** D5 through the partner API: every failed device, selected by filter; a 503 is clicked again after Retry-After. */
async function partnerRetry(soak: Soak, k: number): Promise<void> {
  const reply = await soak.partner.call<{ affected: number; skipped: unknown[] }>(
    'POST',
    `/api/migrations/${soak.migration.id}/devices/actions`,
    { action: 'retry-profile-creation', filter: { status: ['profile_failed'] } },
    { retryAfterWaits: 3, replica: k % soak.replicas.length },
  );
  const outcome =
    reply.status === 202 && reply.body
      ? `affected ${reply.body.affected}, skipped ${reply.body.skipped.length}`
      : reply.text.slice(0, 200);
  soak.retries.push(`#${k} ${reply.replica} ${reply.status} ${outcome}`);
  log(soak, `partner retry ${k} via ${reply.replica}: ${reply.status} ${outcome}`);
}
