import type { RequestRecord } from '../../apps/agent-sim/src/fleet';
import { groupBy } from './collections';
import { CLOCK_TOLERANCE_MS, DUE_GRACE_MS, type Judging } from './findings';
import { iso } from './report';

/**
 * The server's deliveries against the agents' receipts: lost (2) (a delivery no agent received, or
 * "pending" when the agent's poll failed at that moment) and, the other way round, a receipt with
 * no delivery recorded for it (records that do not add up).
 */
export function checkReceipts({
  records,
  journal,
  pollsByDevice,
  stoppedAt,
  report,
  finding,
}: Judging): void {
  const receiptsByKey = groupBy(journal.received, (r) => `${r.deviceId}/${r.commandId}`);
  const eligibleAfter = (deviceId: string, from: number): RequestRecord | undefined =>
    (pollsByDevice.get(deviceId) ?? []).find(
      (p) => p.status === 200 && p.eligible && p.startedAt >= from && p.startedAt < stoppedAt,
    );
  const matchedReceipts = new Map<string, number>();
  for (const [commandId, list] of records.deliveriesByCommand) {
    const receipts = [...(receiptsByKey.get(`${list[0].deviceId}/${commandId}`) ?? [])].sort(
      (a, b) => a.at - b.at,
    );
    const used = new Set<number>();
    const matched = list.map((d) => {
      const i = receipts.findIndex((r, j) => !used.has(j) && r.at >= d.at.getTime() - CLOCK_TOLERANCE_MS);
      if (i >= 0) used.add(i);
      return i >= 0;
    });
    matchedReceipts.set(`${list[0].deviceId}/${commandId}`, used.size);
    list.forEach((d, k) => {
      if (matched[k]) return;
      const at = d.at.getTime();
      // the agent's poll that was in flight at that moment and got no reply (or a 5xx) instead
      const failed = (pollsByDevice.get(d.deviceId) ?? []).find(
        (p) =>
          p.status !== 200 && p.startedAt - CLOCK_TOLERANCE_MS <= at && at <= p.endedAt + CLOCK_TOLERANCE_MS,
      );
      const what = `delivery ${d.deliveryCount} at ${iso(d.at)}, leased until ${iso(d.leaseExpiresAt)}`;
      if (!failed) {
        report.lost.push(
          finding(
            'delivered, never received',
            d.deviceId,
            commandId,
            `${what}; no failed poll of the device at that moment`,
          ),
        );
        return;
      }
      const cause = `${what}; the poll ${iso(failed.startedAt)}–${iso(failed.endedAt)} to ${failed.baseUrl} got ${
        failed.status === 0 ? `no reply (${failed.failure})` : failed.status
      }`;
      if (matched.slice(k + 1).some(Boolean)) {
        report.redeliveredAfterLease += 1;
        return;
      }
      const leaseEnd = d.leaseExpiresAt.getTime();
      const pollAfterLease =
        leaseEnd + DUE_GRACE_MS < stoppedAt && eligibleAfter(d.deviceId, leaseEnd + DUE_GRACE_MS);
      if (pollAfterLease) {
        report.lost.push(
          finding(
            'lease ran out, not delivered again',
            d.deviceId,
            commandId,
            `${cause}; the device polled eligibly at ${iso(pollAfterLease.startedAt)} without it`,
          ),
        );
      } else {
        report.pending.push(
          finding('reply lost in a fault: redelivered when the lease runs out', d.deviceId, commandId, cause),
        );
      }
    });
  }

  // a command the agent got that the server has no delivery for (a delivery outside the record)
  for (const [key, receipts] of receiptsByKey) {
    const unrecorded = receipts.length - (matchedReceipts.get(key) ?? 0);
    if (unrecorded > 0) {
      const r = receipts[0];
      report.integrity.push(
        finding(
          'received, but no delivery recorded',
          r.deviceId,
          r.commandId,
          `${receipts.length} receipts (first at ${iso(r.at)} from ${r.baseUrl}), ${matchedReceipts.get(key) ?? 0} recorded deliveries`,
        ),
      );
    }
  }
}
