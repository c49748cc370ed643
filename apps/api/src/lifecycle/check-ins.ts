import { type PollReport } from '@cutover/domain';
import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { Transactions } from '../database/transactions';
import { type BufferedCheckIn, DeviceStateRepository } from './device-state.repository';

/** A check-in that could not be written (its row stayed locked, or the device is gone) is retried this often. */
const MAX_ATTEMPTS = 5;

interface Pending extends BufferedCheckIn {
  attempts: number;
}

/** The presence fields of a device state (D1, D9). */
interface Presence {
  clientLastSeenAt: Date | null;
  serviceLastSeenAt: Date | null;
  locked: boolean | null;
  userSignedIn: boolean | null;
}

/**
 * The check-ins of no-op polls (D1 per-part last-seen times, D9 session, disk figures), kept in
 * memory and written once every CHECKIN_FLUSH_MS in one statement. A poll that changes anything
 * writes its check-in at once, in its own transaction. A crash loses at most one flush: the next
 * poll of each device restores it. Lag: D1/D2 windows are 3 poll intervals (6 minutes by default);
 * a check-in reaches the database at most one flush interval late (the sweep flushes first).
 */
@Injectable()
export class CheckInBuffer implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(CheckInBuffer.name);
  private pending = new Map<string, Pending>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  /** The batch being written: still "pending" for readers until its statement is done. */
  private inFlight: Map<string, Pending> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly transactions: Transactions,
    private readonly devices: DeviceStateRepository,
  ) {}

  onModuleInit(): void {
    if (this.config.checkInFlushMs <= 0) return;
    this.timer = setInterval(() => void this.flush(), this.config.checkInFlushMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
  }

  get size(): number {
    return this.pending.size;
  }

  /** Merges a no-op poll's check-in with what is pending for the device (newest wins). */
  record(
    deviceId: string,
    report: PollReport & { inventory?: { freeDiskBytes?: number; localDataBytes?: number } | null },
    now: Date,
  ): void {
    const entry = this.pending.get(deviceId) ?? nothingYet(deviceId, now);
    if (now > entry.lastSeenAt) entry.lastSeenAt = now;
    if (report.component === 'client') {
      if (entry.clientAt === null || now >= entry.clientAt) {
        entry.clientAt = now;
        entry.locked = report.session?.locked ?? null;
        entry.userSignedIn = report.session?.userSignedIn ?? null;
      }
    } else if (entry.serviceAt === null || now > entry.serviceAt) {
      entry.serviceAt = now;
    }
    entry.freeDiskBytes = report.inventory?.freeDiskBytes ?? entry.freeDiskBytes;
    entry.localDataBytes = report.inventory?.localDataBytes ?? entry.localDataBytes;
    this.pending.set(deviceId, entry);
  }

  /**
   * D17: the client part holds a long poll until `until` (the bulk-action preview counts it as taking a
   * command now); written with the next flush.
   */
  holding(deviceId: string, now: Date, until: Date): void {
    const entry = this.pending.get(deviceId) ?? nothingYet(deviceId, now);
    entry.heldUntil = later(entry.heldUntil, until);
    this.pending.set(deviceId, entry);
  }

  /**
   * A state read from the database, with this process's newer check-ins of the device that are
   * still waiting for the next flush (so D1/D2/D9 decisions never see a time older than a poll
   * this process already answered).
   */
  withPending<S extends Presence>(deviceId: string, state: S): S {
    const entry = this.pending.get(deviceId) ?? this.inFlight?.get(deviceId);
    if (!entry) return state;
    const clientNewer =
      entry.clientAt !== null && (state.clientLastSeenAt === null || entry.clientAt > state.clientLastSeenAt);
    const serviceNewer =
      entry.serviceAt !== null &&
      (state.serviceLastSeenAt === null || entry.serviceAt > state.serviceLastSeenAt);
    if (!clientNewer && !serviceNewer) return state;
    return {
      ...state,
      ...(clientNewer
        ? { clientLastSeenAt: entry.clientAt, locked: entry.locked, userSignedIn: entry.userSignedIn }
        : {}),
      ...(serviceNewer ? { serviceLastSeenAt: entry.serviceAt } : {}),
    };
  }

  /** Writes what is pending now; one flush at a time (a call during one waits for it, then flushes again). */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    this.inFlight = batch;
    this.flushing = this.write(batch).finally(() => {
      this.flushing = null;
      this.inFlight = null;
    });
    await this.flushing;
  }

  /** Drops what is pending without writing it: what a crash does (tests). */
  discard(): number {
    const lost = this.pending.size;
    this.pending = new Map();
    return lost;
  }

  private async write(batch: Map<string, Pending>): Promise<void> {
    let retry: string[];
    try {
      retry = await this.devices.flushCheckIns(this.transactions.manager, [...batch.values()]);
    } catch (error) {
      this.logger.warn({
        msg: 'check-ins could not be written; keeping them for the next flush',
        devices: batch.size,
        error: String(error),
      });
      retry = [...batch.keys()];
    }
    for (const id of retry) {
      const entry = batch.get(id)!;
      if (++entry.attempts >= MAX_ATTEMPTS) continue;
      const newer = this.pending.get(id);
      this.pending.set(id, newer ? merge(entry, newer) : entry);
    }
  }
}

/** A pending check-in of a device seen at `now` that reported nothing else yet. */
function nothingYet(deviceId: string, now: Date): Pending {
  return {
    deviceId,
    lastSeenAt: now,
    clientAt: null,
    locked: null,
    userSignedIn: null,
    serviceAt: null,
    freeDiskBytes: null,
    localDataBytes: null,
    heldUntil: null,
    attempts: 0,
  };
}

function later(a: Date | null, b: Date | null): Date | null {
  if (a === null) return b;
  return b !== null && b > a ? b : a;
}

/** An older and a newer pending check-in of one device as one: the newest of each part wins. */
function merge(older: Pending, newer: Pending): Pending {
  const clientNewer =
    older.clientAt === null || (newer.clientAt !== null && newer.clientAt >= older.clientAt);
  return {
    ...newer,
    lastSeenAt: newer.lastSeenAt > older.lastSeenAt ? newer.lastSeenAt : older.lastSeenAt,
    clientAt: clientNewer ? newer.clientAt : older.clientAt,
    locked: clientNewer ? newer.locked : older.locked,
    userSignedIn: clientNewer ? newer.userSignedIn : older.userSignedIn,
    serviceAt:
      older.serviceAt === null || (newer.serviceAt !== null && newer.serviceAt > older.serviceAt)
        ? newer.serviceAt
        : older.serviceAt,
    freeDiskBytes: newer.freeDiskBytes ?? older.freeDiskBytes,
    localDataBytes: newer.localDataBytes ?? older.localDataBytes,
    heldUntil: later(older.heldUntil, newer.heldUntil),
    attempts: older.attempts,
  };
}
