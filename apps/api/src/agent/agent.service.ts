import { performance } from 'node:perf_hooks';
import type { AgentCommand, EnrollResponse, PollResponse } from '@cutover/domain';
import { Injectable } from '@nestjs/common';
import { CommandNotifier } from '../commands/command-notifier';
import { type CommandRow } from '../commands/commands.repository';
import { Clock } from '../common/clock';
import { type Delivery, DeliveryService } from '../lifecycle/delivery.service';
import { EnrollmentService } from '../lifecycle/enrollment.service';
import { ResultsService } from '../lifecycle/results.service';
import { type AuthenticatedDevice } from './agent.repository';
import { newDeviceToken, hashDeviceToken } from './device-token';
import type { EnrollDto } from './dto/enroll.dto';
import type { PollDto } from './dto/poll.dto';
import type { ProgressDto } from './dto/progress.dto';
import type { ResultDto } from './dto/result.dto';

/** Past this many held long polls in one process, further polls are answered at once (still correct, just not held). */
export const MAX_HELD_POLLS = 10_000;
/** A held poll that looks again by itself (a retry falls due, C + 10 min) waits at least this long between looks. */
const MIN_RECHECK_MS = 200;

/** A command as the agent protocol sends it: the payload the queue fixed at its first delivery. */
export function toAgentCommand(command: CommandRow): AgentCommand {
  const base = {
    id: command.id,
    issuedAt: (command.issuedAt ?? command.createdAt).toISOString(),
    leaseExpiresAt: command.leaseExpiresAt!.toISOString(),
  };
  const { mailbox, migrationType, transferLocalData } = command.payload;
  if (command.type === 'CREATE_PROFILE' && mailbox !== undefined)
    return { ...base, type: 'CREATE_PROFILE', payload: { mailbox } };
  if (command.type === 'SWITCH_PROFILE' && migrationType !== undefined && transferLocalData !== undefined)
    return { ...base, type: 'SWITCH_PROFILE', payload: { migrationType, transferLocalData } };
  throw new Error(`command ${command.id} was delivered without its ${command.type} payload`);
}

function toReply(delivery: Delivery): PollResponse {
  return {
    pollIntervalSeconds: delivery.pollIntervalSeconds,
    commands: delivery.commands.map(toAgentCommand),
  };
}

/** The agent protocol v1 over the lifecycle use cases: tokens, long polls, wire shapes. */
@Injectable()
export class AgentService {
  constructor(
    private readonly clock: Clock,
    private readonly enrollment: EnrollmentService,
    private readonly delivery: DeliveryService,
    private readonly results: ResultsService,
    private readonly notifier: CommandNotifier,
  ) {}

  async enroll(body: EnrollDto): Promise<EnrollResponse> {
    const deviceToken = newDeviceToken();
    const { deviceId, pollIntervalSeconds } = await this.enrollment.enroll({
      enrollmentKey: body.enrollmentKey,
      hostname: body.hostname,
      windowsUser: body.windowsUser,
      userEmail: body.userEmail ?? null,
      osVersion: body.osVersion ?? null,
      outlookVersion: body.outlookVersion ?? null,
      agentVersion: body.agentVersion ?? null,
      tokenHash: hashDeviceToken(deviceToken),
    });
    return { deviceId, deviceToken, pollIntervalSeconds };
  }

  /**
   * A poll; with waitSeconds and nothing to deliver, the reply is held until a command is queued for
   * this device (NOTIFY from any process), it falls due by time (wakeAt), N seconds pass, or the
   * service shuts down. The hold is registered before looking for work, so no wake-up is lost.
   */
  async poll(device: AuthenticatedDevice, body: PollDto, waitSeconds?: number): Promise<PollResponse> {
    const hold =
      waitSeconds !== undefined && !this.notifier.isClosing && this.notifier.heldPolls < MAX_HELD_POLLS;
    const subscription = hold ? this.notifier.subscribe(device.id, device.migrationId) : null;
    try {
      let delivery = await this.delivery.poll(device.id, {
        component: body.component,
        session: body.component === 'client' ? (body.session ?? null) : null,
        inventory: body.inventory ?? null,
      });
      if (!subscription || waitSeconds === undefined || delivery.commands.length > 0)
        return toReply(delivery);
      // wall-clock time the reply is held; "now" for the rules still comes from the Clock
      const deadline = performance.now() + waitSeconds * 1000;
      for (;;) {
        const remaining = deadline - performance.now();
        if (remaining <= 0) break;
        const recheckIn =
          delivery.eligible && delivery.wakeAt
            ? Math.max(delivery.wakeAt.getTime() - this.clock.now().getTime(), MIN_RECHECK_MS)
            : Infinity;
        const reason = await subscription.wait(Math.min(remaining, recheckIn));
        if (reason === 'closing') break;
        // D9: a poll that reported a locked or signed-out session (or the service part) gets nothing this time
        if (!delivery.eligible) continue;
        delivery = await this.delivery.redeliver(device.id);
        if (delivery.commands.length > 0) return toReply(delivery);
      }
      return { pollIntervalSeconds: delivery.pollIntervalSeconds, commands: [] };
    } finally {
      subscription?.close();
    }
  }

  async progress(device: AuthenticatedDevice, commandId: string, body: ProgressDto): Promise<void> {
    await this.results.recordProgress({
      deviceId: device.id,
      commandId,
      stage: body.stage,
      percent: Math.round(body.percent),
    });
  }

  async result(device: AuthenticatedDevice, commandId: string, body: ResultDto): Promise<{ recorded: true }> {
    await this.results.recordResult({
      deviceId: device.id,
      commandId,
      status: body.status,
      errorCode: body.errorCode ?? null,
      message: body.message ?? null,
    });
    return { recorded: true };
  }
}
