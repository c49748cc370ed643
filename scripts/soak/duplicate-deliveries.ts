import { COMMAND_LEASE_MS } from '@cutover/domain';
import { groupBy } from './collections';
import { CLOCK_TOLERANCE_MS, type Judging } from './findings';
import { iso } from './report';

/** "Delivered twice within a lease" (soak.ts), server side and agent side, in that order. */
export function checkDuplicates(j: Judging): void {
  checkDeliveryChains(j);
  checkOutstandingAtOnce(j);
  checkAgentReceipts(j);
}

/**
 * Each command's deliveries: a delivery while the previous one's lease (extended by progress) still ran,
 * after the result, or to another device; also whether delivery_count adds up with the events.
 */
function checkDeliveryChains({ records, report, finding }: Judging): void {
  for (const [commandId, list] of records.deliveriesByCommand) {
    const command = records.commandById.get(commandId);
    const deviceId = list[0].deviceId;
    if (!command) {
      report.integrity.push(finding('delivery event of an unknown command', deviceId, commandId, ''));
      continue;
    }
    if (command.delivery_count !== list.length || list.some((d, i) => d.deliveryCount !== i + 1)) {
      report.integrity.push(
        finding(
          'delivery_count does not match the delivery events',
          deviceId,
          commandId,
          `delivery_count ${command.delivery_count}, events with deliveryCount ${list.map((d) => d.deliveryCount).join(',')}`,
        ),
      );
    }
    if (list.some((d) => d.deviceId !== command.device_id)) {
      report.duplicates.push(finding('delivered to another device', deviceId, commandId, ''));
    }
    const progress = records.progressByCommand.get(commandId) ?? [];
    for (let k = 1; k < list.length; k++) {
      const previous = list[k - 1];
      const next = list[k];
      let leaseEnd = previous.leaseExpiresAt.getTime();
      for (const p of progress) {
        if (p.at >= previous.at && p.at < next.at)
          leaseEnd = Math.max(leaseEnd, p.at.getTime() + COMMAND_LEASE_MS);
      }
      if (next.at.getTime() < leaseEnd - CLOCK_TOLERANCE_MS) {
        report.duplicates.push(
          finding(
            'delivered twice within a lease',
            deviceId,
            commandId,
            `delivery ${previous.deliveryCount} at ${iso(previous.at)} leased until ${iso(leaseEnd)}; delivery ${next.deliveryCount} at ${iso(next.at)}`,
          ),
        );
      }
    }
    const last = list[list.length - 1];
    if (command.completed_at && command.result_status && last.at > command.completed_at) {
      report.duplicates.push(
        finding(
          'delivered after its result was recorded',
          deviceId,
          commandId,
          `result ${command.result_status} at ${iso(command.completed_at)}, delivery ${last.deliveryCount} at ${iso(last.at)}`,
        ),
      );
    }
  }
}

/** Two commands of one device delivered and unresolved at the same time. */
function checkOutstandingAtOnce({ records, report, finding }: Judging): void {
  for (const [deviceId, list] of groupBy(
    records.commands.filter((c) => c.issued_at !== null),
    (c) => c.device_id,
  )) {
    list.sort((a, b) => a.issued_at!.getTime() - b.issued_at!.getTime());
    for (let k = 1; k < list.length; k++) {
      const previous = list[k - 1];
      const end = previous.completed_at?.getTime() ?? Infinity;
      if (list[k].issued_at!.getTime() < end) {
        report.duplicates.push(
          finding(
            'two commands outstanding at once',
            deviceId,
            list[k].id,
            `${previous.type} ${previous.id} (${previous.state}) issued ${iso(previous.issued_at!)} ended ${
              previous.completed_at ? iso(previous.completed_at) : 'never'
            }; ${list[k].type} issued ${iso(list[k].issued_at!)}`,
          ),
        );
      }
    }
  }
}

/** Agent side: one command id at two devices, or again at one device within the lease it was given. */
function checkAgentReceipts({ journal, report, finding, hostname }: Judging): void {
  for (const [commandId, list] of groupBy(journal.received, (r) => r.commandId)) {
    const devicesSeen = new Set(list.map((r) => r.deviceId));
    if (devicesSeen.size > 1) {
      report.duplicates.push(
        finding(
          'received by two devices',
          list[0].deviceId,
          commandId,
          [...devicesSeen].map(hostname).join(', '),
        ),
      );
    }
    const sorted = [...list].sort((a, b) => a.at - b.at);
    for (let k = 1; k < sorted.length; k++) {
      const lease = Date.parse(sorted[k - 1].leaseExpiresAt);
      if (sorted[k].deviceId === sorted[k - 1].deviceId && sorted[k].at < lease - CLOCK_TOLERANCE_MS) {
        report.duplicates.push(
          finding(
            'agent received it twice within its lease',
            sorted[k].deviceId,
            commandId,
            `received at ${iso(sorted[k - 1].at)} leased until ${sorted[k - 1].leaseExpiresAt}, again at ${iso(sorted[k].at)}`,
          ),
        );
      }
    }
  }
}
