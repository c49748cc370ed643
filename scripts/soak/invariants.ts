import type { Client } from 'pg';
import type { AgentJournal } from '../../apps/agent-sim/src/fleet';
import { countBy, groupBy } from './collections';
import { checkReceipts } from './delivery-receipts';
import { checkDuplicates } from './duplicate-deliveries';
import type { Finding, InvariantReport, Judging } from './findings';
import { checkAcknowledgedResults, checkDueCommands } from './lost-commands';
import { readRecords } from './records';
import { iso } from './report';

/**
 * The soak's invariants: the server's record (SQL, records.ts) against what the agents saw (the journal).
 * The definitions are in soak.ts's header; this file and the check modules it calls compute them.
 */

export interface CheckInput {
  db: Client;
  migrationId: string;
  journal: AgentJournal;
  /** Devices that are not simulated PCs (the recovery probes): left out. */
  excludeDeviceIds: ReadonlySet<string>;
  /** When the agents were told to stop (their requests still in flight were cut short). */
  stoppedAt: number;
  /** When the checks run (leases are judged against it). */
  now: number;
  /** D11 cap of the migration; null when none. */
  transferCap: number | null;
  /** 401s to the probes (their tokens are never replaced). */
  probeUnauthorized: Finding[];
}

export async function checkInvariants(input: CheckInput): Promise<InvariantReport> {
  const { journal } = input;
  const records = await readRecords(input.db, input.migrationId, input.excludeDeviceIds);
  const { devices, commands } = records;
  const hostname = (deviceId: string) => records.deviceById.get(deviceId)?.hostname ?? deviceId;
  const report: InvariantReport = {
    duplicates: [],
    lost: [],
    pending: [],
    redeliveredAfterLease: 0,
    integrity: [],
    notJudged: [],
    unauthorizedValid: [...input.probeUnauthorized],
    unauthorizedOther: 0,
    counts: {
      devices: devices.length,
      commands: commands.length,
      deliveries: records.deliveries.length,
      received: journal.received.length,
      acknowledged: journal.acknowledged.length,
      byState: countBy(commands, (c) => c.state),
      byType: countBy(commands, (c) => c.type),
      deviceStatuses: countBy(devices, (d) => d.status),
    },
  };
  const j: Judging = {
    records,
    journal,
    pollsByDevice: groupBy(
      journal.requests.filter((r) => r.kind === 'poll' && r.deviceId !== null),
      (r) => r.deviceId!,
    ),
    stoppedAt: input.stoppedAt,
    transferCap: input.transferCap,
    report,
    hostname,
    finding: (kind, deviceId, commandId, detail) => ({
      kind,
      deviceId,
      hostname: hostname(deviceId),
      commandId,
      detail,
    }),
  };
  // in this order, so that each list of findings reads as soak.ts's header lists the invariants
  checkDuplicates(j);
  checkAcknowledgedResults(j);
  checkReceipts(j);
  checkDueCommands(j);
  checkUnauthorized(j);
  return report;
}

/** 401s to valid agents: the refused token was the agent's latest and no enrollment of it timed out. */
function checkUnauthorized({ journal, report, finding }: Judging): void {
  for (const refusal of journal.unauthorized) {
    if (refusal.tokenWasLatest && !refusal.enrollmentInDoubt) {
      report.unauthorizedValid.push(
        finding(
          '401 to a valid agent',
          refusal.deviceId ?? '',
          null,
          `${refusal.kind} to ${refusal.baseUrl} at ${iso(refusal.at)} (${refusal.hostname})`,
        ),
      );
    } else {
      report.unauthorizedOther += 1;
    }
  }
}
