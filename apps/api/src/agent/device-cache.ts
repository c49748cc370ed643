import type { PolledDevice } from '../lifecycle/delivery.service';

const BUCKETS = 4096;

function bucketOf(id: string): number {
  let hash = 2166136261;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 16777619);
  return (hash >>> 0) % BUCKETS;
}

/**
 * The agent fast path's memory: token hash → the device and the state its polls are decided from.
 * Least recently used entries go first past `capacity`. Entries are dropped when their device or
 * migration changes (NOTIFY from any process); a state read from the database while such a change
 * arrived is not kept (generation check), so an entry is never older than the last change it heard of.
 */
export class DeviceCache {
  /** In least-recently-used order (a Map keeps insertion order; a hit moves the entry to the end). */
  private readonly byToken = new Map<string, PolledDevice>();
  private readonly tokenOf = new Map<string, string>();
  private readonly byMigration = new Map<string, Set<string>>();
  private generation = 0;
  private readonly bucketChanged = new Float64Array(BUCKETS);
  private readonly migrationChanged = new Map<string, number>();
  private clearedAt = 0;

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.byToken.size;
  }

  /** Whether this very entry is still the one in memory for the token (no change of it arrived since it was read). */
  isCurrent(tokenHash: string, entry: PolledDevice): boolean {
    return this.byToken.get(tokenHash) === entry;
  }

  /** Whether the device is in memory (under its current token). */
  holds(deviceId: string): boolean {
    return this.tokenOf.has(deviceId);
  }

  get(tokenHash: string): PolledDevice | undefined {
    const entry = this.byToken.get(tokenHash);
    if (entry) {
      this.byToken.delete(tokenHash);
      this.byToken.set(tokenHash, entry);
    }
    return entry;
  }

  /** Call before reading a state from the database; pass the result to put(). */
  beginLoad(): number {
    return this.generation;
  }

  /** Keeps a state read since `loadStartedAt` unless a change of its device or migration arrived meanwhile. */
  put(tokenHash: string, entry: PolledDevice, loadStartedAt: number): boolean {
    if (this.capacity <= 0) return false;
    if (
      this.clearedAt > loadStartedAt ||
      this.bucketChanged[bucketOf(entry.deviceId)] > loadStartedAt ||
      (this.migrationChanged.get(entry.migrationId) ?? 0) > loadStartedAt
    ) {
      return false;
    }
    this.remove(tokenHash);
    const previousToken = this.tokenOf.get(entry.deviceId);
    if (previousToken !== undefined) this.remove(previousToken);
    while (this.byToken.size >= this.capacity) {
      const oldest = this.byToken.keys().next().value as string;
      this.remove(oldest);
    }
    this.byToken.set(tokenHash, entry);
    this.tokenOf.set(entry.deviceId, tokenHash);
    let devices = this.byMigration.get(entry.migrationId);
    if (!devices) this.byMigration.set(entry.migrationId, (devices = new Set()));
    devices.add(tokenHash);
    return true;
  }

  invalidateDevices(deviceIds: readonly string[]): void {
    this.generation += 1;
    for (const id of deviceIds) {
      this.bucketChanged[bucketOf(id)] = this.generation;
      const token = this.tokenOf.get(id);
      if (token !== undefined) this.remove(token);
    }
  }

  invalidateMigration(migrationId: string): void {
    this.generation += 1;
    this.migrationChanged.set(migrationId, this.generation);
    for (const token of [...(this.byMigration.get(migrationId) ?? [])]) this.remove(token);
  }

  clear(): void {
    this.generation += 1;
    this.clearedAt = this.generation;
    this.byToken.clear();
    this.tokenOf.clear();
    this.byMigration.clear();
    this.migrationChanged.clear();
  }

  private remove(tokenHash: string): void {
    const entry = this.byToken.get(tokenHash);
    if (!entry) return;
    this.byToken.delete(tokenHash);
    if (this.tokenOf.get(entry.deviceId) === tokenHash) this.tokenOf.delete(entry.deviceId);
    const devices = this.byMigration.get(entry.migrationId);
    devices?.delete(tokenHash);
    if (devices?.size === 0) this.byMigration.delete(entry.migrationId);
  }
}
