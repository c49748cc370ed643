import { type LifecycleFacts, nextAction } from '@cutover/domain';
import { groupBy } from './collections';
import { DUE_GRACE_MS, type Judging } from './findings';
import { iso } from './report';

/** Lost (1): a result the server acknowledged (200) that is not what the database recorded. */
export function checkAcknowledgedResults({ records, journal, report, finding }: Judging): void {
  for (const ack of journal.acknowledged) {
    const command = records.commandById.get(ack.commandId);
    const recorded =
      command &&
      command.result_status === ack.status &&
      (command.error_code ?? null) === (ack.errorCode ?? null);
    if (!recorded) {
      report.lost.push(
        finding(
          'acknowledged result not recorded',
          ack.deviceId,
          ack.commandId,
          `agent got 200 for ${ack.status}${ack.errorCode ? ` ${ack.errorCode}` : ''} at ${iso(ack.at)}; database: ${
            command
              ? `${command.state} result ${command.result_status ?? 'none'} ${command.error_code ?? ''}`
              : 'no such command'
          }`,
        ),
      );
    }
  }
}

/** Lost (3): due but not delivered although the device kept polling, eligible, after its last change. */
export function checkDueCommands({
  records,
  pollsByDevice,
  stoppedAt,
  transferCap,
  report,
  finding,
}: Judging): void {
  const commandsByDevice = groupBy(records.commands, (c) => c.device_id);
  for (const device of records.devices) {
    const polls = (pollsByDevice.get(device.id) ?? []).filter(
      (p) => p.status === 200 && p.eligible && p.endedAt <= stoppedAt,
    );
    const last = polls.at(-1);
    if (!last || !device.last_event_at) continue;
    const judgedAt = last.startedAt - DUE_GRACE_MS;
    if (judgedAt < device.last_event_at.getTime()) continue;
    const outstanding = (commandsByDevice.get(device.id) ?? []).find(
      (c) => c.state === 'queued' || c.state === 'delivered',
    );
    const facts: LifecycleFacts = {
      cutoverAt: records.migration.cutover_at,
      profileCreatedAt: device.profile_created_at,
      switchedAt: device.switched_at,
      errorCode: device.error_code,
      switchNotBefore: device.switch_not_before,
      retryRequestedAt: device.retry_requested_at,
      mailboxKnown: device.mailbox_known,
      outstanding: outstanding
        ? {
            type: outstanding.type,
            state: outstanding.state as 'queued' | 'delivered',
            availableAt: outstanding.available_at,
            leaseExpiresAt: outstanding.lease_expires_at,
          }
        : null,
    };
    const due = nextAction(facts, new Date(judgedAt)).due;
    if (!due) continue;
    const detail = `${due.type} (${due.source}) due by ${iso(judgedAt)}, last change ${iso(device.last_event_at)}; eligible poll ${iso(
      last.startedAt,
    )} to ${last.baseUrl} got ${last.commandIds.length} commands (status ${device.status}${
      outstanding ? `, ${outstanding.type} ${outstanding.id} ${outstanding.state}` : ''
    })`;
    if (due.type === 'SWITCH_PROFILE' && transferCap !== null) {
      report.notJudged.push(
        finding('switch due, maybe waiting for a transfer slot', device.id, outstanding?.id ?? null, detail),
      );
    } else {
      report.lost.push(
        finding('due, not delivered to a polling device', device.id, outstanding?.id ?? null, detail),
      );
    }
  }
}
