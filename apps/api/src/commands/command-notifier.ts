import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleDestroy,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { pgliteInstance } from '../database/pglite-driver';

/**
 * The one NOTIFY channel. Payloads: `d:<id>,<id>…` these devices changed, `m:<id>` a migration
 * changed (both wake held polls and drop cached states), `s:<id>` a transfer slot of the migration
 * freed up (wakes its held polls), `h:<process>` a process's heartbeat (proves its listener is alive).
 */
export const AGENT_WAKE_CHANNEL = 'cutover_agent_wake';
export type SignalKind = 'd' | 'm' | 's' | 'h';
/** How often each process proves to itself that notifications reach it. */
export const HEARTBEAT_MS = 1000;
/** NOTIFY payloads are limited to 8000 bytes: 36-character ids, 200 per message. */
export const DEVICE_IDS_PER_NOTIFY = 200;

export type WakeReason = 'woken' | 'timeout' | 'closing';

/** What changed, for caches of device state: some devices, a whole migration, or anything (reset). */
export type StateChange =
  { kind: 'devices'; ids: readonly string[] } | { kind: 'migration'; id: string } | { kind: 'reset' };

/** A held long poll's registration: created before the poll looks for work, so no wake-up is lost in between. */
export interface WakeSubscription {
  /** Resolves when woken since the last wait (at once if that already happened), after `ms`, or at shutdown. */
  wait(ms: number): Promise<WakeReason>;
  close(): void;
}

class Subscription implements WakeSubscription {
  private pending = false;
  private resolve: ((reason: WakeReason) => void) | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    readonly deviceId: string,
    readonly migrationId: string,
    private readonly unregister: (s: Subscription) => void,
    private readonly isClosing: () => boolean,
  ) {}

  wake(reason: WakeReason): void {
    if (this.resolve) this.settle(reason);
    else this.pending = true;
  }

  wait(ms: number): Promise<WakeReason> {
    if (this.isClosing()) return Promise.resolve('closing');
    if (this.pending) {
      this.pending = false;
      return Promise.resolve('woken');
    }
    return new Promise<WakeReason>((resolve) => {
      this.resolve = resolve;
      this.timer = setTimeout(() => this.settle('timeout'), Math.max(0, ms));
    });
  }

  close(): void {
    this.settle('closing');
    this.unregister(this);
  }

  private settle(reason: WakeReason): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const resolve = this.resolve;
    this.resolve = null;
    resolve?.(reason);
  }
}

/**
 * Wakes held long polls when a command is queued for their device, and tells caches of device state
 * what changed, in this process or in another one on the same database: senders NOTIFY inside their
 * transaction (delivered at commit, see SignalsRepository), every process LISTENs. PostgreSQL: one
 * dedicated connection per process that reconnects with backoff; after a reconnect every held poll
 * looks again and caches reset (notifications may have been missed). PGlite: the embedded instance's
 * listen(). Each process NOTIFYs a heartbeat every second and watches it come back: notifications
 * arrive in commit order, so while heartbeats arrive, nothing committed before the last one was missed.
 */
@Injectable()
export class CommandNotifier implements OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown {
  private readonly logger = new Logger(CommandNotifier.name);
  private readonly byDevice = new Map<string, Set<Subscription>>();
  private readonly byMigration = new Map<string, Set<Subscription>>();
  private closing = false;
  private client: Client | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private reconnectDelayMs = 500;
  private everListened = false;
  private held = 0;
  private readonly instance = randomUUID();
  private readonly listeners = new Set<(change: StateChange) => void>();
  private heartbeatTimer: NodeJS.Timeout | null = null;
  /** performance.now() when this process last saw its own heartbeat come back; null while not listening. */
  private lastHeartbeatAt: number | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.databaseUrl) await this.connect();
    else await this.listenOnPGlite();
    this.heartbeatTimer = setInterval(() => void this.heartbeat(), HEARTBEAT_MS);
    this.heartbeatTimer.unref();
    await this.heartbeat();
  }

  /** Releases every held poll first, so that the HTTP server can close without waiting for them. */
  onModuleDestroy(): void {
    this.closing = true;
    this.wakeAll('closing');
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  get isClosing(): boolean {
    return this.closing;
  }

  get heldPolls(): number {
    return this.held;
  }

  /** Whether a notification committed more than `ms` ago can still be on its way (the listener may be down). */
  freshWithin(ms: number): boolean {
    return this.lastHeartbeatAt !== null && performance.now() - this.lastHeartbeatAt <= ms;
  }

  /** Calls `listener` with every change another transaction committed (and with `reset` when some may be lost). */
  onStateChange(listener: (change: StateChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  subscribe(deviceId: string, migrationId: string): WakeSubscription {
    const subscription = new Subscription(
      deviceId,
      migrationId,
      (s) => this.remove(s),
      () => this.closing,
    );
    add(this.byDevice, deviceId, subscription);
    add(this.byMigration, migrationId, subscription);
    this.held += 1;
    return subscription;
  }

  /** Applies one NOTIFY payload (exposed for tests and for in-process senders). */
  dispatch(payload: string): void {
    if (payload === '*') {
      this.emit({ kind: 'reset' });
      return this.wakeAll('woken');
    }
    const kind = payload.slice(0, 2);
    const rest = payload.slice(2);
    if (kind === 'h:') {
      if (rest === this.instance) this.lastHeartbeatAt = performance.now();
      return;
    }
    const ids = rest.split(',');
    if (kind === 'd:') this.emit({ kind: 'devices', ids });
    else if (kind === 'm:') this.emit({ kind: 'migration', id: rest });
    const index = kind === 'd:' ? this.byDevice : kind === 'm:' || kind === 's:' ? this.byMigration : null;
    if (!index) return;
    for (const id of ids) for (const s of index.get(id) ?? []) s.wake('woken');
  }

  private emit(change: StateChange): void {
    for (const listener of this.listeners) listener(change);
  }

  /**
   * PostgreSQL: the listening connection NOTIFYs its own heartbeat; its arrival proves that connection
   * alive and every notification committed before it delivered (one queue, in commit order). It
   * needs no pool connection, so a busy pool cannot make it late. PGlite listens in-process: always live.
   */
  private async heartbeat(): Promise<void> {
    if (this.closing) return;
    if (!this.config.databaseUrl) {
      if (this.everListened) this.lastHeartbeatAt = performance.now();
      return;
    }
    try {
      await this.client?.query(`SELECT pg_notify($1, $2)`, [AGENT_WAKE_CHANNEL, `h:${this.instance}`]);
    } catch {
      // the listener is in trouble: no heartbeat comes back, so caches stop being trusted until it reconnects
    }
  }

  private wakeAll(reason: WakeReason): void {
    for (const set of this.byDevice.values()) for (const s of set) s.wake(reason);
  }

  private remove(s: Subscription): void {
    if (this.byDevice.get(s.deviceId)?.has(s)) this.held -= 1;
    removeFrom(this.byDevice, s.deviceId, s);
    removeFrom(this.byMigration, s.migrationId, s);
  }

  private async listenOnPGlite(): Promise<void> {
    // PGlite is one connection: take our turn on it (the serial pool) so LISTEN never lands inside
    // another query runner's transaction.
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      const pglite = await pgliteInstance();
      await pglite.listen(AGENT_WAKE_CHANNEL, (payload) => this.dispatch(payload));
      this.everListened = true;
    } finally {
      await runner.release();
    }
  }

  private async connect(): Promise<void> {
    if (this.closing || !this.config.databaseUrl) return;
    const client = new Client({
      connectionString: this.config.databaseUrl,
      application_name: 'cutover-notifier',
    });
    client.on('notification', (message) => {
      if (message.channel === AGENT_WAKE_CHANNEL && message.payload) this.dispatch(message.payload);
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, null));
    try {
      await client.connect();
      await client.query(`LISTEN ${AGENT_WAKE_CHANNEL}`);
    } catch (error) {
      this.lost(client, error);
      return;
    }
    if (this.closing) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.reconnectDelayMs = 500;
    const reconnected = this.everListened;
    this.everListened = true;
    if (reconnected) {
      this.logger.log({ msg: 'notification listener reconnected; waking held polls to re-check' });
      this.emit({ kind: 'reset' });
      this.wakeAll('woken');
    }
  }

  private lost(client: Client, error: unknown): void {
    if (this.client === client) this.client = null;
    // notifications may be missed from now until a reconnect: nothing cached may be trusted
    this.lastHeartbeatAt = null;
    this.emit({ kind: 'reset' });
    client.removeAllListeners('end');
    client.removeAllListeners('error');
    client.on('error', () => undefined);
    void client.end().catch(() => undefined);
    if (this.closing || this.reconnectTimer) return;
    this.logger.warn({
      msg: 'notification listener lost its connection; long polls fall back to their timeout until it reconnects',
      error: error ? String(error) : 'connection ended',
      retryInMs: this.reconnectDelayMs,
    });
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.connect();
    }, this.reconnectDelayMs);
    this.reconnectTimer.unref();
    this.reconnectDelayMs = Math.min(this.reconnectDelayMs * 2, 30_000);
  }
}

function add<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}

function removeFrom<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) map.delete(key);
}
