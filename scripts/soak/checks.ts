import * as fs from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { Client } from 'pg';
import type { Soak } from './context';
import type { InvariantReport } from './findings';
import { checkInvariants } from './invariants';
import { timeline } from './records';

/** After the run: the invariants checked in the soak's database, and the evidence kept for later. */

export async function check(soak: Soak): Promise<{ report: InvariantReport; evidence: string[] }> {
  const client = new Client({ connectionString: soak.db.url });
  await client.connect();
  try {
    const report = await checkInvariants({
      db: client,
      migrationId: soak.migration.id,
      journal: soak.journal,
      excludeDeviceIds: new Set(soak.probes.map((p) => p.deviceId)),
      stoppedAt: soak.stoppedAt,
      now: soak.endedAt,
      transferCap: soak.o.transferCap,
      probeUnauthorized: soak.probes.flatMap((p) => p.unauthorized),
    });
    // the timeline of the first few findings, as evidence
    const evidence: string[] = [];
    for (const f of [...report.duplicates, ...report.lost, ...report.integrity].slice(0, 5)) {
      evidence.push(`${f.kind}: ${f.hostname} (${f.deviceId}) command ${f.commandId ?? '-'}: ${f.detail}`);
      for (const line of await timeline(client, f.deviceId)) evidence.push(`    ${line}`);
    }
    return { report, evidence };
  } finally {
    await client.end();
  }
}

/** The journal and the findings next to the replica logs, to look into a failure later. */
export function saveEvidence(soak: Soak, report: InvariantReport): void {
  fs.writeFileSync(path.join(soak.logDir, 'journal.json.gz'), gzipSync(JSON.stringify(soak.journal)));
  const findings = {
    options: soak.o,
    database: soak.db.name,
    migrationId: soak.migration.id,
    startedAt: soak.t0,
    stoppedAt: soak.stoppedAt,
    endedAt: soak.endedAt,
    probeDeviceIds: soak.probes.map((p) => p.deviceId),
    faults: soak.faults.map((f) => ({ ...f, replicas: f.replicas.map((r) => r.name) })),
    report,
  };
  fs.writeFileSync(path.join(soak.logDir, 'findings.json'), JSON.stringify(findings, null, 2));
}
