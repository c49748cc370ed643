import {
  type AlertCode,
  type BulkSkipReason,
  COMMAND_LEASE_MS,
  type CommandType,
  type DeviceStatus,
  type DeviceStatusInput,
  DEFER_DELAY_MS,
  DomainError,
  ERROR_DETAIL_MAX_LENGTH,
  ONLINE_WINDOW_INTERVALS,
  SWITCH_DELAY_AFTER_CUTOVER_MS,
  type ProgressStage,
  type ResultStatus,
  assessOutlookBuild,
  deriveDeviceStatus,
  isReadyForCommands,
  isServiceUnreachable,
  nextRetryAt,
  parseOutlookBuild,
  switchDueAt,
  transferLocalData,
} from '@cutover/domain';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DeviceEventsRepository } from '../activity/device-events.repository';
import { AlertsRepository } from '../alerts/alerts.repository';
import { type CommandRow, CommandsRepository } from '../commands/commands.repository';
import { Clock } from '../common/clock';
import { type DeviceEventInput, type DeviceEventDetails, type DeviceEventType } from './device-events';
import {
  type CheckIn,
  type DevicePatch,
  type DeviceState,
  LifecycleRepository,
} from './lifecycle.repository';
import { asUnavailable, inTransaction } from './transaction';

/** What a poll gets: the commands it now holds (0 or 1) and, for a long poll, when to look again by itself. */
export interface Delivery {
  commands: CommandRow[];
  pollIntervalSeconds: number;
  /** D9: whether this poll may receive commands at all (client part, unlocked, signed in). */
  eligible: boolean;
  /** The next moment a command may become deliverable without anyone notifying (retry due, C + 10 min, lease end). */
  wakeAt: Date | null;
}

export interface SweepReport {
  leasesExpired: number;
  statusesChanged: number;
}

export interface RetryProfileCreationResult {
  affected: number;
  skipped: { deviceId: string; reason: BulkSkipReason }[];
}

const READINESS_BUILD_ALERTS: readonly AlertCode[] = ['OUTLOOK_OUTDATED', 'OUTLOOK_UNSUPPORTED'];
const STATUS_PAGE = 1000;
/** The sweep looks again at moments this far before its last run (transactions still running then). */
const SWEEP_OVERLAP_MS = 2 * 60_000;
/** Every this many sweeps, it re-derives every device instead of those a moment since the last one touched. */
const FULL_SWEEP_EVERY = 40;
const LEASE_PAGE = 5000;
const UPN = /^[^@\s\\]+@[^@\s\\]+\.[^@\s\\]+$/;

/** The agent's message is untrusted free text: keep what the Devices tab can show. */
function trimDetail(message: string | null | undefined): string | null {
  const trimmed = message?.trim() ?? '';
  return trimmed === '' ? null : trimmed.slice(0, ERROR_DETAIL_MAX_LENGTH);
}

/**
 * The Office 365 address for CREATE_PROFILE (contract: the mapped mailbox, else the userEmail). With
 * neither, a Windows user already in UPN form (AzureAD\alice@contoso.com) is the best evidence we
 * have; with none of them, null: the command fails at once with PROFILE_CREATION_FAILED, telling the
 * partner to re-enroll with userEmail, instead of sending a profile for an address that cannot exist.
 */
export function mailboxFor(
  device: Pick<DeviceState, 'mailbox' | 'userEmail' | 'windowsUser'>,
): string | null {
  if (device.mailbox) return device.mailbox;
  if (device.userEmail) return device.userEmail;
  const account = device.windowsUser.slice(device.windowsUser.lastIndexOf('\\') + 1);
  return UPN.test(account) ? account : null;
}

class EventLog {
  readonly items: DeviceEventInput[] = [];
  constructor(private readonly device: { id: string; migrationId: string }) {}
  add<T extends DeviceEventType>(
    type: T,
    detail: DeviceEventDetails[T],
    actorUserId: string | null = null,
  ): void {
    this.items.push({
      deviceId: this.device.id,
      migrationId: this.device.migrationId,
      type,
      detail,
      actorUserId,
    } as DeviceEventInput);
  }
}

const iso = (date: Date) => date.toISOString();

/** deriveDeviceStatus of a device state (its outstanding command is queued or delivered by definition). */
export function statusOf(state: DeviceState, now: Date): DeviceStatus {
  return deriveDeviceStatus({
    ...state,
    now,
    outstanding: state.outstanding as DeviceStatusInput['outstanding'],
  });
}

/**
 * What each device does next (DOMAIN.md D1–D11), behind the agent protocol and the partner actions.
 *
 * Commands live in PostgreSQL. The first CREATE_PROFILE (D4) and each SWITCH_PROFILE (D7) are
 * created by the poll that receives them; automatic retries (D4) and partner retries (D5) are
 * queued commands with the time they become available. Every transaction locks the device row
 * first, so it is the per-device mutex.
 *
 * device.status is stored for the Devices tab (filtered and counted there) and kept true this way:
 * - every change made here (enroll, poll, progress, result, partner retry, cutover change) derives
 *   the new status with deriveDeviceStatus (libs/domain) in the same transaction;
 * - changes that time alone makes (a lease runs out, a scheduled retry falls due, C + 10 min, a
 *   deferral ends, a device that is due a command stops polling) are applied by the sweep, which
 *   runs every LIFECYCLE_SWEEP_SECONDS (default 15 s) in every API process; so a time-driven status
 *   is at most that late. The sweep never waits for a lock: it skips rows another transaction holds
 *   or changed since it read them (that transaction writes their status itself).
 * Every status change is a status_changed event on the device's timeline.
 */
@Injectable()
export class LifecycleService {
  private readonly logger = new Logger(LifecycleService.name);
  private lastSweepAt: Date | null = null;
  private sweeps = 0;

  constructor(
    private readonly clock: Clock,
    @InjectDataSource() private readonly db: DataSource,
    private readonly devices: LifecycleRepository,
    private readonly commands: CommandsRepository,
    private readonly events: DeviceEventsRepository,
    private readonly alerts: AlertsRepository,
  ) {}

  // ---- agent protocol ----

  /** After the enroll upsert: its timeline event, readiness alerts from the reported Outlook (D3), status. */
  async enrolled(
    manager: EntityManager,
    input: { deviceId: string; firstTime: boolean; outlookVersion: string | null },
  ): Promise<{ pollIntervalSeconds: number }> {
    const now = this.clock.now();
    const state = await this.mustLock(manager, input.deviceId);
    const log = new EventLog(state);
    if (input.firstTime) {
      log.add('enrolled', {
        hostname: state.hostname,
        windowsUser: state.windowsUser,
        userEmail: state.userEmail,
        agentVersion: state.agentVersion,
      });
    } else {
      log.add('reenrolled', { userEmail: state.userEmail, agentVersion: state.agentVersion });
    }
    await this.assessOutlook(manager, state, input.outlookVersion, log, now);
    await this.writeStatus(manager, state, log, now);
    await this.events.append(manager, now, log.items);
    return { pollIntervalSeconds: state.pollIntervalSeconds };
  }

  /**
   * A poll: check-in (D1, D2, D9 session, inventory with D3), then, for a client part that is
   * unlocked and signed in (D9), the command it should run now. The check-in is one statement of its
   * own; only when the poll changes something (a command to hand out, a version or alert, the
   * status) does a transaction follow, which locks the device and decides on its current state. So
   * a no-op poll, by far the most frequent request, is the token lookup and one UPDATE.
   */
  async poll(deviceId: string, report: Omit<CheckIn, 'now'>): Promise<Delivery> {
    const now = this.clock.now();
    const checkedIn = await this.devices
      .checkIn(this.db.manager, deviceId, { ...report, now })
      .catch((error: unknown) => {
        throw asUnavailable(error);
      });
    if (!checkedIn) throw new DomainError('UNAUTHENTICATED');
    const eligible =
      report.component === 'client' &&
      report.session?.locked === false &&
      report.session.userSignedIn === true;
    if (!this.pollChangesAnything(checkedIn, report, eligible, now)) {
      return {
        commands: [],
        pollIntervalSeconds: checkedIn.pollIntervalSeconds,
        eligible,
        wakeAt: this.wakeAt(checkedIn, now),
      };
    }
    return inTransaction(this.db, async (manager) => {
      const state = await this.mustLock(manager, deviceId);
      const log = new EventLog(state);
      const reported = report.inventory ?? {};
      const versions: Partial<DevicePatch> = {};
      for (const field of ['outlookVersion', 'agentVersion'] as const) {
        const to = reported[field];
        if (to === undefined || to === state[field]) continue;
        log.add('inventory_changed', { field, from: state[field], to });
        versions[field] = to;
      }
      if (Object.keys(versions).length > 0) {
        await this.devices.patch(manager, state.id, versions, now);
        Object.assign(state, versions);
      }
      await this.assessOutlook(manager, state, reported.outlookVersion ?? null, log, now);
      await this.assessServicePart(manager, state, report.component, log, now);
      const commands = eligible ? await this.deliver(manager, state, log, now) : [];
      await this.writeStatus(manager, state, log, now);
      await this.events.append(manager, now, log.items);
      return {
        commands,
        pollIntervalSeconds: state.pollIntervalSeconds,
        eligible,
        wakeAt: this.wakeAt(state, now),
      };
    });
  }

  /** Whether the poll would change anything beyond its check-in (the same decisions poll() makes, read-only). */
  private pollChangesAnything(
    state: DeviceState,
    report: Omit<CheckIn, 'now'>,
    eligible: boolean,
    now: Date,
  ): boolean {
    const reported = report.inventory ?? {};
    if (reported.outlookVersion !== undefined && reported.outlookVersion !== state.outlookVersion)
      return true;
    if (reported.agentVersion !== undefined && reported.agentVersion !== state.agentVersion) return true;
    if (this.outlookAlertChanges(state, reported.outlookVersion ?? null).changed) return true;
    if (this.servicePartAlertChange(state, report.component, now) !== null) return true;
    if (eligible && this.hasSomethingToDeliver(state, now)) return true;
    return statusOf(state, now) !== state.status;
  }

  /** D4, D7, D8: whether deliver() would hand out (or try to hand out) a command now. */
  private hasSomethingToDeliver(state: DeviceState, now: Date): boolean {
    const o = state.outstanding;
    if (o)
      return o.state === 'queued'
        ? o.availableAt <= now
        : o.leaseExpiresAt !== null && o.leaseExpiresAt <= now;
    if (state.profileCreatedAt === null) return state.errorCode === null;
    return state.switchedAt === null && state.errorCode === null && now >= switchDueAt(state);
  }

  /** A held long poll looks again (woken by NOTIFY or its own wakeAt); no check-in this time. */
  async redeliver(manager: EntityManager, deviceId: string): Promise<Delivery> {
    const now = this.clock.now();
    const state = await this.mustLock(manager, deviceId);
    const log = new EventLog(state);
    const commands = isReadyForCommands({ ...state, now })
      ? await this.deliver(manager, state, log, now)
      : [];
    await this.writeStatus(manager, state, log, now);
    await this.events.append(manager, now, log.items);
    return {
      commands,
      pollIntervalSeconds: state.pollIntervalSeconds,
      eligible: true,
      wakeAt: this.wakeAt(state, now),
    };
  }

  /** D7: a stage/percent report extends the lease; a report on a finished command changes nothing. */
  async recordProgress(
    manager: EntityManager,
    input: { deviceId: string; commandId: string; stage: ProgressStage; percent: number },
  ): Promise<void> {
    const now = this.clock.now();
    const state = await this.mustLock(manager, input.deviceId);
    const command = await this.deliveredCommand(manager, input.commandId, state.id);
    if (command.resultStatus !== null || state.outstanding?.id !== command.id) return;
    const leaseExpiresAt = new Date(now.getTime() + COMMAND_LEASE_MS);
    await this.commands.recordProgress(manager, {
      commandId: command.id,
      stage: input.stage,
      percent: input.percent,
      leaseExpiresAt,
    });
    state.outstanding = {
      ...command,
      state: 'delivered',
      leaseExpiresAt,
      progressStage: input.stage,
      progressPercent: input.percent,
    };
    const log = new EventLog(state);
    if (state.progressStage !== input.stage || state.progressPercent !== input.percent) {
      await this.devices.patch(
        manager,
        state.id,
        { progressStage: input.stage, progressPercent: input.percent },
        now,
      );
      log.add('progress', {
        commandId: command.id,
        commandType: command.type,
        stage: input.stage,
        percent: input.percent,
      });
    }
    await this.writeStatus(manager, state, log, now);
    await this.events.append(manager, now, log.items);
  }

  /**
   * A command's result: idempotent (the same result again changes nothing), 409 for a different one.
   * Returns whether it was newly recorded.
   */
  async recordResult(
    manager: EntityManager,
    input: {
      deviceId: string;
      commandId: string;
      status: ResultStatus;
      errorCode: string | null;
      message: string | null;
    },
  ): Promise<boolean> {
    const now = this.clock.now();
    const state = await this.mustLock(manager, input.deviceId);
    const command = await this.deliveredCommand(manager, input.commandId, state.id);
    const errorCode = input.status === 'failed' ? input.errorCode : null;
    if (command.resultStatus !== null) {
      if (command.resultStatus === input.status && command.errorCode === errorCode) return false;
      throw new DomainError('RESULT_CONFLICT', undefined, {
        recorded: { status: command.resultStatus, errorCode: command.errorCode },
      });
    }
    if (input.status === 'deferred' && command.type !== 'SWITCH_PROFILE') {
      throw new DomainError(
        'VALIDATION_FAILED',
        'Only SWITCH_PROFILE can be deferred (D8); report CREATE_PROFILE as succeeded or failed.',
        [{ field: 'status', problems: ['deferred is only valid for SWITCH_PROFILE'] }],
      );
    }
    const message = trimDetail(input.message);
    await this.commands.recordResult(manager, {
      commandId: command.id,
      status: input.status,
      errorCode,
      message,
      now,
    });
    if (state.outstanding?.id === command.id) state.outstanding = null;
    const log = new EventLog(state);
    const patch: Partial<DevicePatch> = { progressStage: null, progressPercent: null };
    if (input.status === 'succeeded') {
      log.add('command_succeeded', { commandId: command.id, commandType: command.type });
      Object.assign(patch, { errorCode: null, errorMessage: null, errorAt: null });
      if (command.type === 'CREATE_PROFILE') {
        Object.assign(patch, { profileCreatedAt: now, nextRetryAt: null, manualRetryRequired: false });
      } else {
        patch.switchedAt = now;
      }
    } else if (input.status === 'failed') {
      const code = errorCode ?? 'UNKNOWN_ERROR';
      log.add('command_failed', {
        commandId: command.id,
        commandType: command.type,
        errorCode: code,
        message,
      });
      Object.assign(patch, { errorCode: code, errorMessage: message, errorAt: now });
      if (command.type === 'CREATE_PROFILE')
        Object.assign(patch, await this.scheduleRetry(manager, state, code, log, now));
    } else {
      // D8: offered again no earlier than 10 minutes later.
      const switchNotBefore = new Date(now.getTime() + DEFER_DELAY_MS);
      patch.switchNotBefore = switchNotBefore;
      log.add('command_deferred', { commandId: command.id, switchNotBefore: iso(switchNotBefore) });
    }
    await this.devices.patch(manager, state.id, patch, now);
    Object.assign(state, patch);
    // D11: a finished transfer frees a slot for the devices queued for bandwidth.
    if (command.type === 'SWITCH_PROFILE' && state.maxConcurrentTransfers !== null) {
      await this.commands.notifyMigrations(manager, [state.migrationId]);
    }
    await this.writeStatus(manager, state, log, now);
    await this.events.append(manager, now, log.items);
    return true;
  }

  // ---- partner actions (called in the partner API's transaction) ----

  /**
   * D5: each device gets a CREATE_PROFILE available now, replacing its scheduled automatic retry;
   * at any time, also past C + 24 h. Skipped: profile already created or switched, or a
   * CREATE_PROFILE already queued (due now or manual) or running. The ids must already be known to
   * belong to this migration (any that are not come back as not_found). Set-based; held polls of
   * the affected devices wake up (NOTIFY, at commit).
   */
  async retryProfileCreation(
    manager: EntityManager,
    input: { migrationId: string; deviceIds: string[]; actorUserId: string | null },
  ): Promise<RetryProfileCreationResult> {
    const now = this.clock.now();
    const { migrationId, actorUserId } = input;
    const ids = [...new Set(input.deviceIds)];
    const taken = await this.devices.takeRetryRequests(manager, { migrationId, deviceIds: ids, now });
    const affected = taken.map((row) => row.id);
    const takenIds = new Set(affected);
    const rest = ids.filter((id) => !takenIds.has(id));
    const reasons = await this.devices.retrySkipReasons(manager, { migrationId, deviceIds: rest });
    const found = new Set(reasons.map((r) => r.id));
    const skipped: RetryProfileCreationResult['skipped'] = [
      ...reasons.map((r) => ({ deviceId: r.id, reason: r.skip })),
      ...rest.filter((id) => !found.has(id)).map((id) => ({ deviceId: id, reason: 'not_found' as const })),
    ];
    const superseded = await this.commands.supersedeScheduledRetries(manager, affected, now);
    const queued = await this.commands.queueManualRetries(manager, {
      migrationId,
      deviceIds: affected,
      now,
      createdBy: actorUserId,
    });
    const supersededBy = new Map(superseded.map((s) => [s.deviceId, s.id]));
    const commandOf = new Map(queued.map((q) => [q.deviceId, q.id]));
    await this.devices.recordRetryRequests(manager, {
      migrationId,
      rows: taken.map((row) => ({
        deviceId: row.id,
        commandId: commandOf.get(row.id)!,
        supersededId: supersededBy.get(row.id) ?? null,
        oldStatus: row.oldStatus,
        status: row.status,
      })),
      actorUserId,
      now,
    });
    await this.commands.notifyDevices(manager, affected);
    return { affected: affected.length, skipped };
  }

  /**
   * D4: the cutover of the migration changed (call it after writing migration.cutover_at, in the
   * same transaction): every scheduled automatic retry is recomputed from the device's last failure
   * with the new C. A retry the new C no longer allows is dropped ("manual retry required"); a
   * device whose schedule had run out gets one again if the new C allows it (never for D10).
   * Statuses follow (C + 10 min moved too) and held polls of the migration look again.
   */
  async cutoverRescheduled(
    manager: EntityManager,
    input: { migrationId: string; cutoverAt: Date },
  ): Promise<void> {
    const now = this.clock.now();
    const rows = await this.devices.lockRetrySchedules(manager, input.migrationId);
    const log: DeviceEventInput[] = [];
    const moved: { commandId: string; availableAt: Date }[] = [];
    const expired: string[] = [];
    const revived: { deviceId: string; retryAt: Date; failedAt: Date }[] = [];
    const schedules: { deviceId: string; nextRetryAt: Date | null }[] = [];
    for (const row of rows) {
      const retryAt = nextRetryAt({ failedAt: row.errorAt, cutoverAt: input.cutoverAt });
      const device = { deviceId: row.id, migrationId: row.migrationId };
      if (row.commandId !== null && row.availableAt !== null) {
        if (retryAt === null) {
          expired.push(row.commandId);
          schedules.push({ deviceId: row.id, nextRetryAt: null });
          log.push({
            ...device,
            type: 'manual_retry_required',
            detail: { reason: 'cutover_rescheduled', commandId: row.commandId },
          });
        } else if (retryAt.getTime() !== row.availableAt.getTime()) {
          moved.push({ commandId: row.commandId, availableAt: retryAt });
          schedules.push({ deviceId: row.id, nextRetryAt: retryAt });
          log.push({
            ...device,
            type: 'retry_rescheduled',
            detail: {
              commandId: row.commandId,
              retryAt: iso(retryAt),
              previousRetryAt: iso(row.availableAt),
              cutoverAt: iso(input.cutoverAt),
            },
          });
        }
      } else if (retryAt !== null) {
        revived.push({ deviceId: row.id, retryAt, failedAt: row.errorAt });
        schedules.push({ deviceId: row.id, nextRetryAt: retryAt });
      }
    }
    await this.commands.moveScheduledRetries(
      manager,
      moved.map((m) => m.commandId),
      moved.map((m) => m.availableAt),
    );
    await this.commands.expireScheduledRetries(manager, expired, now);
    const queued = await this.commands.queueCreateProfile(manager, {
      migrationId: input.migrationId,
      deviceIds: revived.map((r) => r.deviceId),
      source: 'retry',
      availableAt: revived.map((r) => r.retryAt),
      now,
      createdBy: null,
    });
    const revivedBy = new Map(revived.map((r) => [r.deviceId, r]));
    for (const q of queued) {
      const r = revivedBy.get(q.deviceId)!;
      const device = { deviceId: q.deviceId, migrationId: input.migrationId };
      log.push({
        ...device,
        type: 'command_queued',
        detail: {
          commandId: q.id,
          commandType: 'CREATE_PROFILE',
          source: 'retry',
          availableAt: iso(r.retryAt),
        },
      });
      log.push({
        ...device,
        type: 'retry_scheduled',
        detail: {
          commandId: q.id,
          retryAt: iso(r.retryAt),
          failedAt: iso(r.failedAt),
          cutoverAt: iso(input.cutoverAt),
        },
      });
    }
    await this.devices.setRetrySchedules(manager, schedules, now);
    await this.events.append(manager, now, log);
    await this.refreshStatuses(manager, { migrationId: input.migrationId, lock: true }, now);
    await this.commands.notifyMigrations(manager, [input.migrationId]);
  }

  /**
   * The migration's transfer cap (D11) or poll settings changed (call it in the same transaction):
   * statuses follow and held polls of the migration look again, so raised caps start switches now.
   */
  async migrationSettingsChanged(manager: EntityManager, input: { migrationId: string }): Promise<void> {
    const now = this.clock.now();
    await this.refreshStatuses(manager, { migrationId: input.migrationId, lock: true }, now);
    await this.commands.notifyMigrations(manager, [input.migrationId]);
  }

  // ---- time ----

  /**
   * Applies what time alone changes: leases that ran out (their commands are queued again, D4/D7
   * delivery at least once) and the statuses that follow from the clock (see the class comment).
   * Safe to run in several processes at once: nothing here waits for a lock.
   */
  async sweep(): Promise<SweepReport> {
    const now = this.clock.now();
    const expiredDevices: string[] = [];
    for (;;) {
      const batch = await inTransaction(this.db, async (manager) => {
        const expired = await this.commands.requeueExpiredLeases(manager, now, LEASE_PAGE);
        await this.events.append(
          manager,
          now,
          expired.map((c) => ({
            deviceId: c.deviceId,
            migrationId: c.migrationId,
            type: 'lease_expired' as const,
            detail: { commandId: c.id, commandType: c.type, deliveryCount: c.deliveryCount },
          })),
        );
        // D11: a transfer that stopped reporting frees its slot for the devices queued for bandwidth
        const freed = new Set(expired.filter((c) => c.type === 'SWITCH_PROFILE').map((c) => c.migrationId));
        await this.commands.notifyMigrations(manager, [...freed]);
        return expired.map((c) => c.deviceId);
      });
      expiredDevices.push(...batch);
      if (batch.length < LEASE_PAGE) break;
    }
    // Only the devices a moment since the last sweep can have changed, with an overlap for
    // transactions that were still running then; now and then (and after a clock jump back) all.
    const since = this.lastSweepAt;
    this.sweeps += 1;
    const full = since === null || now < since || this.sweeps % FULL_SWEEP_EVERY === 0;
    this.lastSweepAt = now;
    let statusesChanged: number;
    if (full) {
      statusesChanged = await this.refreshStatuses(this.db.manager, { lock: false }, now);
    } else {
      const from = new Date(since.getTime() - SWEEP_OVERLAP_MS);
      const candidates = await this.devices.timeDrivenCandidates(this.db.manager, {
        since: from,
        now,
        switchDelayMs: SWITCH_DELAY_AFTER_CUTOVER_MS,
      });
      statusesChanged = await this.refreshStatusesOf(
        this.db.manager,
        [...new Set([...candidates, ...expiredDevices])],
        now,
      );
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

  // ---- internals ----

  private async mustLock(manager: EntityManager, deviceId: string): Promise<DeviceState> {
    const state = await this.devices.lockState(manager, deviceId);
    // the device was deleted between authentication and now: its token is no longer valid
    if (!state) throw new DomainError('UNAUTHENTICATED');
    return state;
  }

  /** A command of this device that was delivered at least once (the agent cannot know any other). */
  private async deliveredCommand(
    manager: EntityManager,
    commandId: string,
    deviceId: string,
  ): Promise<CommandRow> {
    const command = await this.commands.lockForDevice(manager, commandId, deviceId);
    if (!command || command.deliveryCount === 0) throw new DomainError('COMMAND_NOT_FOUND');
    return command;
  }

  /** D4, D7, D9, D11: hands the device the command it should run now, if any (at most one outstanding). */
  private async deliver(
    manager: EntityManager,
    state: DeviceState,
    log: EventLog,
    now: Date,
  ): Promise<CommandRow[]> {
    const leaseExpiresAt = new Date(now.getTime() + COMMAND_LEASE_MS);
    const outstanding = state.outstanding;
    if (outstanding) {
      const deliverable =
        outstanding.state === 'queued'
          ? outstanding.availableAt <= now
          : outstanding.leaseExpiresAt !== null && outstanding.leaseExpiresAt <= now;
      if (!deliverable) return [];
      if (outstanding.type === 'SWITCH_PROFILE' && !(await this.takeTransferSlot(manager, state, now)))
        return [];
      const payload =
        outstanding.deliveryCount === 0 ? this.payloadFor(state, outstanding.type) : outstanding.payload;
      if (payload === null) {
        await this.failUndeliverable(manager, state, outstanding, log, now);
        return [];
      }
      const claimed = await this.commands.claim(manager, {
        commandId: outstanding.id,
        now,
        leaseExpiresAt,
        payload,
      });
      if (!claimed) return [];
      return [await this.delivered(manager, state, claimed, log, now)];
    }

    let type: CommandType;
    if (state.profileCreatedAt === null) {
      // D4: the first CREATE_PROFILE, on the first eligible poll; after a failure only retries (queued) follow.
      if (state.errorCode !== null) return [];
      type = 'CREATE_PROFILE';
    } else {
      // D7, D8: the switch from C + 10 min (and not before a deferral ends); a failed switch is not retried.
      if (state.switchedAt !== null || state.errorCode !== null || now < switchDueAt(state)) return [];
      if (!(await this.takeTransferSlot(manager, state, now))) return [];
      type = 'SWITCH_PROFILE';
    }
    const payload = this.payloadFor(state, type);
    if (payload === null) {
      const [queued] = await this.commands.queueCreateProfile(manager, {
        migrationId: state.migrationId,
        deviceIds: [state.id],
        source: 'auto',
        availableAt: [now],
        now,
        createdBy: null,
      });
      if (!queued) return [];
      const command = (await this.commands.lockForDevice(manager, queued.id, state.id))!;
      log.add('command_queued', {
        commandId: command.id,
        commandType: type,
        source: 'auto',
        availableAt: iso(now),
      });
      await this.failUndeliverable(manager, state, command, log, now);
      return [];
    }
    const created = await this.commands.insertDelivered(manager, {
      deviceId: state.id,
      migrationId: state.migrationId,
      type,
      payload,
      now,
      leaseExpiresAt,
      onlyIfFirstOfType: type === 'CREATE_PROFILE',
    });
    if (!created) return [];
    log.add('command_queued', {
      commandId: created.id,
      commandType: type,
      source: 'auto',
      availableAt: iso(now),
    });
    return [await this.delivered(manager, state, created, log, now)];
  }

  private async delivered(
    manager: EntityManager,
    state: DeviceState,
    command: CommandRow,
    log: EventLog,
    now: Date,
  ): Promise<CommandRow> {
    state.outstanding = command;
    log.add('command_delivered', {
      commandId: command.id,
      commandType: command.type,
      deliveryCount: command.deliveryCount,
      leaseExpiresAt: iso(command.leaseExpiresAt!),
    });
    const patch: Partial<DevicePatch> = {};
    if (state.waitingForSlotSince !== null) patch.waitingForSlotSince = null;
    // a fresh command starts without progress; a re-delivery keeps what the agent reported last
    if (command.deliveryCount === 1 && (state.progressStage !== null || state.progressPercent !== null)) {
      Object.assign(patch, { progressStage: null, progressPercent: null });
    }
    if (Object.keys(patch).length > 0) {
      await this.devices.patch(manager, state.id, patch, now);
      Object.assign(state, patch);
    }
    return command;
  }

  private payloadFor(state: DeviceState, type: CommandType): Record<string, unknown> | null {
    if (type === 'SWITCH_PROFILE') {
      return {
        migrationType: state.migrationType,
        transferLocalData: transferLocalData(state.migrationType),
      };
    }
    const mailbox = mailboxFor(state);
    return mailbox === null ? null : { mailbox };
  }

  /** A CREATE_PROFILE that cannot be sent (no address known) fails at once, like a failure the agent reports. */
  private async failUndeliverable(
    manager: EntityManager,
    state: DeviceState,
    command: CommandRow,
    log: EventLog,
    now: Date,
  ): Promise<void> {
    const code = 'PROFILE_CREATION_FAILED';
    const message =
      'No Office 365 address is known for this user: enroll the device again with userEmail, then retry profile creation.';
    await this.commands.recordResult(manager, {
      commandId: command.id,
      status: 'failed',
      errorCode: code,
      message,
      now,
    });
    state.outstanding = null;
    log.add('command_failed', { commandId: command.id, commandType: command.type, errorCode: code, message });
    const patch: Partial<DevicePatch> = { errorCode: code, errorMessage: message, errorAt: now };
    Object.assign(patch, await this.scheduleRetry(manager, state, code, log, now));
    await this.devices.patch(manager, state.id, patch, now);
    Object.assign(state, patch);
  }

  /** D4 after a failed CREATE_PROFILE at `now`; D10: an unanswered prompt waits for the partner's retry. */
  private async scheduleRetry(
    manager: EntityManager,
    state: DeviceState,
    errorCode: string,
    log: EventLog,
    now: Date,
  ): Promise<Pick<DevicePatch, 'nextRetryAt' | 'manualRetryRequired'>> {
    if (errorCode === 'CREDENTIAL_PROMPT_TIMEOUT') {
      log.add('manual_retry_required', { reason: 'credential_prompt_timeout' });
      return { nextRetryAt: null, manualRetryRequired: true };
    }
    const retryAt = nextRetryAt({ failedAt: now, cutoverAt: state.cutoverAt });
    if (retryAt === null) {
      log.add('manual_retry_required', { reason: 'retry_window_closed' });
      return { nextRetryAt: null, manualRetryRequired: true };
    }
    const [queued] = await this.commands.queueCreateProfile(manager, {
      migrationId: state.migrationId,
      deviceIds: [state.id],
      source: 'retry',
      availableAt: [retryAt],
      now,
      createdBy: null,
    });
    if (queued) {
      state.outstanding = {
        id: queued.id,
        deviceId: state.id,
        migrationId: state.migrationId,
        type: 'CREATE_PROFILE',
        payload: {},
        state: 'queued',
        source: 'retry',
        availableAt: retryAt,
        createdAt: now,
        issuedAt: null,
        leaseExpiresAt: null,
        deliveryCount: 0,
        progressStage: null,
        progressPercent: null,
        resultStatus: null,
        errorCode: null,
        resultMessage: null,
      };
      log.add('command_queued', {
        commandId: queued.id,
        commandType: 'CREATE_PROFILE',
        source: 'retry',
        availableAt: iso(retryAt),
      });
      log.add('retry_scheduled', {
        commandId: queued.id,
        retryAt: iso(retryAt),
        failedAt: iso(now),
        cutoverAt: iso(state.cutoverAt),
      });
    }
    return { nextRetryAt: retryAt, manualRetryRequired: false };
  }

  /** D11: with a cap, the switch starts only when a slot is free and no ready device waited longer. */
  private async takeTransferSlot(manager: EntityManager, state: DeviceState, now: Date): Promise<boolean> {
    const cap = state.maxConcurrentTransfers;
    if (cap === null) return true;
    const onlineSince = new Date(now.getTime() - ONLINE_WINDOW_INTERVALS * state.pollIntervalSeconds * 1000);
    const slot = await this.devices.transferSlotFree(manager, {
      migrationId: state.migrationId,
      deviceId: state.id,
      cap,
      now,
      onlineSince,
    });
    if (slot.free) return true;
    if (state.waitingForSlotSince === null) {
      await this.devices.patch(manager, state.id, { waitingForSlotSince: now }, now);
      state.waitingForSlotSince = now;
    }
    return false;
  }

  /** D3: which build alerts a reported version opens and clears (an unreadable build changes nothing). */
  private outlookAlertChanges(
    state: DeviceState,
    version: string | null,
  ): { raise: AlertCode | null; clear: AlertCode[]; changed: boolean } {
    if (version === null || parseOutlookBuild(version) === null)
      return { raise: null, clear: [], changed: false };
    const wanted = assessOutlookBuild(version);
    const clear = READINESS_BUILD_ALERTS.filter((code) => code !== wanted && state.openAlerts.includes(code));
    const raise = wanted !== null && !state.openAlerts.includes(wanted) ? wanted : null;
    return { raise, clear, changed: raise !== null || clear.length > 0 };
  }

  /** D3: the reported build raises OUTLOOK_OUTDATED / OUTLOOK_UNSUPPORTED, and a good build clears them. */
  private async assessOutlook(
    manager: EntityManager,
    state: DeviceState,
    version: string | null,
    log: EventLog,
    now: Date,
  ): Promise<void> {
    const { raise, clear } = this.outlookAlertChanges(state, version);
    for (const code of await this.alerts.clear(manager, state.id, clear, now))
      log.add('alert_cleared', { code });
    if (raise !== null) {
      if (
        await this.alerts.raise(manager, {
          deviceId: state.id,
          migrationId: state.migrationId,
          code: raise,
          detail: version,
          at: now,
        })
      ) {
        log.add('alert_raised', { code: raise, detail: version });
      }
    }
    state.openAlerts = [
      ...state.openAlerts.filter((code) => !clear.includes(code)),
      ...(raise ? [raise] : []),
    ];
  }

  /**
   * D1: the client part checks in while the service part has been silent for more than 3 intervals
   * (raise), or the service part checks in (clear); null when SERVICE_UNREACHABLE stays as it is.
   */
  private servicePartAlertChange(
    state: DeviceState,
    component: 'client' | 'service',
    now: Date,
  ): 'raise' | 'clear' | null {
    const open = state.openAlerts.includes('SERVICE_UNREACHABLE');
    if (component === 'service') return open ? 'clear' : null;
    return !open && isServiceUnreachable({ ...state, now }) ? 'raise' : null;
  }

  private async assessServicePart(
    manager: EntityManager,
    state: DeviceState,
    component: 'client' | 'service',
    log: EventLog,
    now: Date,
  ): Promise<void> {
    const change = this.servicePartAlertChange(state, component, now);
    if (change === 'clear') {
      if ((await this.alerts.clear(manager, state.id, ['SERVICE_UNREACHABLE'], now)).length > 0) {
        log.add('alert_cleared', { code: 'SERVICE_UNREACHABLE' });
      }
      state.openAlerts = state.openAlerts.filter((code) => code !== 'SERVICE_UNREACHABLE');
    } else if (change === 'raise') {
      const detail = state.serviceLastSeenAt
        ? `last seen ${iso(state.serviceLastSeenAt)}`
        : 'never checked in';
      if (
        await this.alerts.raise(manager, {
          deviceId: state.id,
          migrationId: state.migrationId,
          code: 'SERVICE_UNREACHABLE',
          detail,
          at: now,
        })
      ) {
        log.add('alert_raised', { code: 'SERVICE_UNREACHABLE', detail });
      }
      state.openAlerts = [...state.openAlerts, 'SERVICE_UNREACHABLE'];
    }
  }

  private async writeStatus(
    manager: EntityManager,
    state: DeviceState,
    log: EventLog,
    now: Date,
  ): Promise<void> {
    const status = statusOf(state, now);
    if (status === state.status) return;
    await this.devices.setStatus(manager, state.id, status, now);
    log.add('status_changed', { from: state.status, to: status });
    state.status = status;
  }

  /** Derives and writes the statuses of a migration's (or every) device whose status time may still change. */
  private async refreshStatuses(
    manager: EntityManager,
    scope: { migrationId?: string; lock: boolean },
    now: Date,
  ): Promise<number> {
    let afterId: string | null = null;
    let changed = 0;
    for (;;) {
      const page = await this.devices.activeStatesPage(manager, {
        afterId,
        limit: STATUS_PAGE,
        migrationId: scope.migrationId,
        lock: scope.lock,
      });
      const changes = page.flatMap((state) => {
        const to = statusOf(state, now);
        return to === state.status
          ? []
          : [{ deviceId: state.id, rowVersion: state.rowVersion, from: state.status, to }];
      });
      changed += (await this.devices.applyStatusChanges(manager, changes, now, { optimistic: !scope.lock }))
        .length;
      if (page.length < STATUS_PAGE) return changed;
      afterId = page[page.length - 1].id;
    }
  }

  /** The same for a list of devices (the sweep's candidates), optimistically. */
  private async refreshStatusesOf(
    manager: EntityManager,
    deviceIds: readonly string[],
    now: Date,
  ): Promise<number> {
    let changed = 0;
    for (let i = 0; i < deviceIds.length; i += STATUS_PAGE) {
      const page = await this.devices.statesByIds(manager, deviceIds.slice(i, i + STATUS_PAGE));
      const changes = page.flatMap((state) => {
        const to = statusOf(state, now);
        return to === state.status
          ? []
          : [{ deviceId: state.id, rowVersion: state.rowVersion, from: state.status, to }];
      });
      changed += (await this.devices.applyStatusChanges(manager, changes, now, { optimistic: true })).length;
    }
    return changed;
  }

  /** When a held long poll should look again by itself. */
  private wakeAt(state: DeviceState, now: Date): Date | null {
    const o = state.outstanding;
    let at: Date | null = null;
    if (o?.state === 'queued' && o.availableAt > now) at = o.availableAt;
    else if (o?.state === 'delivered' && o.leaseExpiresAt !== null && o.leaseExpiresAt > now)
      at = o.leaseExpiresAt;
    else if (!o && state.profileCreatedAt !== null && state.switchedAt === null && state.errorCode === null) {
      const due = switchDueAt(state);
      if (due > now) at = due;
    }
    return at;
  }
}
