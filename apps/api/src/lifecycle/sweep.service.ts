import { afterLeaseExpired } from '@cutover/domain';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandsRepository, type ExpiredLease } from '../commands/commands.repository';
import { SignalsRepository } from '../commands/signals.repository';
import { Clock } from '../common/clock';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { Transactions } from '../database/transactions';
import { DeviceEventsRepository } from '../timeline/device-events.repository';
import { CheckInBuffer } from './check-ins';
import { ResultsService } from './results.service';
import { StatusRefresh } from './status-refresh';
import { SweepRepository } from './sweep.repository';

export interface SweepReport {
  leasesExpired: number;
  statusesChanged: number;
}

/** The sweep looks again at moments this far before its last run (transactions still running then). */
const SWEEP_OVERLAP_MS = 2 * 60_000;
/** Every this many sweeps, it re-derives every device instead of those a moment since the last one touched. */
const FULL_SWEEP_EVERY = 40;
const LEASE_PAGE = 5000;

/**
 * What time alone changes: leases that ran out (their commands are queued again: delivery at least
 * once) and the statuses that follow from the clock (a retry falls due, C + 10 min, a deferral ends,
 * a device that is due a command stops polling). Runs in every API process; nothing here waits for
 * a lock, and a status is written only if its row did not change since it was read.
 */
@Injectable()
export class SweepService {
  private readonly logger = new Logger(SweepService.name);
  private lastSweepAt: Date | null = null;
  private sweeps = 0;

  constructor(
    private readonly clock: Clock,
    private readonly transactions: Transactions,
    private readonly sweepRepository: SweepRepository,
    private readonly commands: CommandsRepository,
    private readonly signals: SignalsRepository,
    private readonly timeline: DeviceEventsRepository,
    private readonly statuses: StatusRefresh,
    private readonly checkIns: CheckInBuffer,
    private readonly results: ResultsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async sweep(): Promise<SweepReport> {
    // D2: decide "offline" from this process's newest check-ins, not the last flush
    await this.checkIns.flush();
    const now = this.clock.now();
    const expiredDevices = await this.expireLeases(now);
    // Only the devices a moment since the last sweep can have changed, with an overlap for
    // transactions that were still running then; now and then (and after a clock jump back) all.
    const since = this.lastSweepAt;
    this.sweeps += 1;
    const full = since === null || now < since || this.sweeps % FULL_SWEEP_EVERY === 0;
    this.lastSweepAt = now;
    const manager = this.transactions.manager;
    let statusesChanged: number;
    if (full) {
      statusesChanged = await this.statuses.all(manager, { lock: false }, now);
    } else {
      const candidates = await this.sweepRepository.timeDrivenCandidates(manager, {
        since: new Date(since.getTime() - SWEEP_OVERLAP_MS),
        now,
      });
      statusesChanged = (
        await this.statuses.of(manager, [...new Set([...candidates, ...expiredDevices])], now)
      ).length;
    }
    if (expiredDevices.length > 0 || statusesChanged > 0) {
      this.logger.debug({
        msg: 'lifecycle sweep',
        leasesExpired: expiredDevices.length,
        statusesChanged,
        full,
      });
    }
    return { leasesExpired: expiredDevices.length, statusesChanged };
  }

  /**
   * Leases that ran out go back to the queue, page by page (delivery at least once); a command past
   * COMMAND_MAX_DELIVERIES is given up instead (afterLeaseExpired), failing as NO_RESULT_FROM_AGENT.
   * Returns the devices whose command changed.
   */
  private async expireLeases(now: Date): Promise<string[]> {
    const devices: string[] = [];
    const abandoned: ExpiredLease[] = [];
    for (;;) {
      const batch = await this.transactions.run(async (manager) => {
        const expired = await this.commands.lockExpiredLeases(manager, now, LEASE_PAGE);
        const maxDeliveries = this.config.commandMaxDeliveries;
        const again = expired.filter(
          (c) => afterLeaseExpired({ deliveryCount: c.deliveryCount, maxDeliveries }) === 'redeliver',
        );
        abandoned.push(...expired.filter((c) => !again.includes(c)));
        await this.commands.requeue(
          manager,
          again.map((c) => c.id),
        );
        await this.timeline.append(
          manager,
          now,
          again.map((c) => ({
            deviceId: c.deviceId,
            migrationId: c.migrationId,
            type: 'lease_expired' as const,
            detail: { commandId: c.id, commandType: c.type, deliveryCount: c.deliveryCount },
          })),
        );
        // D11: a transfer that stopped reporting frees its slot for the devices queued for bandwidth
        const freed = new Set(again.filter((c) => c.type === 'SWITCH_PROFILE').map((c) => c.migrationId));
        await this.signals.slotsFreed(manager, [...freed]);
        await this.signals.devicesChanged(
          manager,
          again.map((c) => c.deviceId),
        );
        return expired;
      });
      devices.push(...batch.map((c) => c.deviceId));
      if (batch.length < LEASE_PAGE) break;
    }
    // each in its own transaction, like a failure the agent reports (rare: a PC that keeps dropping its command)
    for (const command of abandoned) {
      if (await this.results.abandon({ deviceId: command.deviceId, commandId: command.id })) {
        this.logger.warn({
          msg: 'command given up: the agent never reported a result',
          deviceId: command.deviceId,
          commandId: command.id,
          commandType: command.type,
          deliveries: command.deliveryCount,
        });
      }
    }
    return devices;
  }
}
