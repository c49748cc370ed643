import type { PolledDevice } from '../lifecycle/delivery.service';
import { DeviceCache } from './device-cache';

const device = (deviceId: string, migrationId = 'm1'): PolledDevice => ({
  deviceId,
  migrationId,
  state: {} as PolledDevice['state'],
});

describe('DeviceCache', () => {
  it('keeps at most its capacity, dropping the least recently used', () => {
    const cache = new DeviceCache(2);
    cache.put('ta', device('a'), cache.beginLoad());
    cache.put('tb', device('b'), cache.beginLoad());
    expect(cache.get('ta')?.deviceId).toBe('a'); // a is now the most recent
    cache.put('tc', device('c'), cache.beginLoad());
    expect(cache.size).toBe(2);
    expect(cache.get('tb')).toBeUndefined();
    expect(cache.holds('a')).toBe(true);
    expect(cache.holds('c')).toBe(true);
  });

  it('a device has one token: a new one replaces the old (re-enrollment)', () => {
    const cache = new DeviceCache(10);
    cache.put('old', device('a'), cache.beginLoad());
    cache.put('new', device('a'), cache.beginLoad());
    expect(cache.get('old')).toBeUndefined();
    expect(cache.get('new')?.deviceId).toBe('a');
    expect(cache.size).toBe(1);
  });

  it('drops a device, or a whole migration, when they change', () => {
    const cache = new DeviceCache(10);
    cache.put('ta', device('a', 'm1'), cache.beginLoad());
    cache.put('tb', device('b', 'm1'), cache.beginLoad());
    cache.put('tc', device('c', 'm2'), cache.beginLoad());
    cache.invalidateDevices(['a']);
    expect(cache.holds('a')).toBe(false);
    cache.invalidateMigration('m1');
    expect(cache.holds('b')).toBe(false);
    expect(cache.holds('c')).toBe(true);
    cache.clear();
    expect(cache.size).toBe(0);
  });

  it('does not keep a state read while a change of its device, migration or everything arrived', () => {
    const cache = new DeviceCache(10);
    let since = cache.beginLoad();
    cache.invalidateDevices(['a']);
    expect(cache.put('ta', device('a'), since)).toBe(false);
    since = cache.beginLoad();
    cache.invalidateMigration('m1');
    expect(cache.put('ta', device('a', 'm1'), since)).toBe(false);
    since = cache.beginLoad();
    cache.clear();
    expect(cache.put('ta', device('a'), since)).toBe(false);
    // a change of another device or migration does not stop it
    since = cache.beginLoad();
    cache.invalidateDevices(['zzz']);
    cache.invalidateMigration('m9');
    expect(cache.put('ta', device('a', 'm1'), since)).toBe(true);
  });

  it('with capacity 0 keeps nothing', () => {
    const cache = new DeviceCache(0);
    expect(cache.put('ta', device('a'), cache.beginLoad())).toBe(false);
    expect(cache.size).toBe(0);
  });
});
