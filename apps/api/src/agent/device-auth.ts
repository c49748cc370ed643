import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { CommandNotifier } from '../commands/command-notifier';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { DeliveryService, type PolledDevice } from '../lifecycle/delivery.service';
import { AgentAdmission } from './agent-admission';
import { DeviceCache } from './device-cache';

export const NO_DEVICE_TOKEN =
  'Send the device token from enroll as "Authorization: Bearer <token>". A token stops working when the device enrolls again: enroll to get a new one.';

/**
 * Device tokens to devices, from memory when it can be trusted: the cache holds entries only while
 * this process hears every change (its heartbeat came back within AGENT_CACHE_MAX_STALENESS_MS), and
 * drops a device the moment any process NOTIFYs a change of it: a re-enrolled device's old token
 * stops working at once everywhere. Otherwise one indexed read of the database.
 */
@Injectable()
export class DeviceAuth implements OnModuleInit, OnModuleDestroy {
  readonly cache: DeviceCache;
  /** Loads in flight by token hash: concurrent polls of one device (both parts, a herd after a restart) share one read. */
  private readonly loading = new Map<string, Promise<PolledDevice | null>>();
  private unsubscribe: (() => void) | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly notifier: CommandNotifier,
    private readonly delivery: DeliveryService,
    private readonly admission: AgentAdmission,
  ) {
    this.cache = new DeviceCache(config.agentCacheSize);
  }

  onModuleInit(): void {
    this.unsubscribe = this.notifier.onStateChange((change) => {
      if (change.kind === 'devices') this.cache.invalidateDevices(change.ids);
      else if (change.kind === 'migration') this.cache.invalidateMigration(change.id);
      else this.cache.clear();
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  /** Whether what is in memory may be used: this process heard every change until a moment ago. */
  get trusted(): boolean {
    return this.notifier.freshWithin(this.config.agentCacheMaxStalenessMs);
  }

  /** The device this token hash names, or null (unknown, or replaced by a later enrollment). */
  async authenticate(tokenHash: string): Promise<PolledDevice | null> {
    const trusted = this.trusted;
    if (trusted) {
      const hit = this.cache.get(tokenHash);
      if (hit) return hit;
    } else if (this.cache.size > 0) {
      this.cache.clear();
    }
    const pending = this.loading.get(tokenHash);
    if (pending) return pending;
    const load = this.load(tokenHash, trusted).finally(() => this.loading.delete(tokenHash));
    this.loading.set(tokenHash, load);
    return load;
  }

  private async load(tokenHash: string, trusted: boolean): Promise<PolledDevice | null> {
    const since = this.cache.beginLoad();
    const device = await this.admission.run(() => this.delivery.lookup(tokenHash));
    if (device && trusted) this.cache.put(tokenHash, device, since);
    return device;
  }

  /**
   * The device as of now: the same entry if nothing changed since it was read, else read again. A
   * held poll calls this after subscribing to wake-ups, so that a change committed between its first
   * read and its subscription is seen (a later one wakes it).
   */
  async refresh(tokenHash: string, device: PolledDevice): Promise<PolledDevice | null> {
    if (this.trusted && this.cache.isCurrent(tokenHash, device)) return device;
    return this.authenticate(tokenHash);
  }

  /** The device is about to change here: its next poll reads it again. */
  forget(deviceId: string): void {
    this.cache.invalidateDevices([deviceId]);
  }
}
