import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/config';
import { CommandNotifier } from './command-notifier';

// The wake-up bookkeeping of held long polls, without a database (LISTEN is covered by test/agent/long-poll.spec.ts).
describe('CommandNotifier subscriptions', () => {
  const notifier = () => new CommandNotifier({ databaseUrl: null } as AppConfig, {} as DataSource);

  it('a wake-up that arrives before the poll starts waiting is not lost', async () => {
    const n = notifier();
    const s = n.subscribe('d1', 'm1');
    n.dispatch('d:d1');
    await expect(s.wait(10_000)).resolves.toBe('woken');
    await expect(s.wait(20)).resolves.toBe('timeout');
    s.close();
  });

  it('wakes by device id (one NOTIFY carries many), by migration, or all', async () => {
    const n = notifier();
    const a = n.subscribe('d1', 'm1');
    const b = n.subscribe('d2', 'm1');
    const c = n.subscribe('d3', 'm2');
    n.dispatch('d:dx,d2,dy');
    await expect(b.wait(1000)).resolves.toBe('woken');
    await expect(a.wait(20)).resolves.toBe('timeout');
    n.dispatch('m:m1');
    await expect(a.wait(1000)).resolves.toBe('woken');
    await expect(c.wait(20)).resolves.toBe('timeout');
    n.dispatch('*');
    await expect(c.wait(1000)).resolves.toBe('woken');
    n.dispatch('garbage');
    expect(n.heldPolls).toBe(3);
    [a, b, c].forEach((s) => s.close());
    expect(n.heldPolls).toBe(0);
  });

  it('shutting down releases every held poll and refuses to hold new ones', async () => {
    const n = notifier();
    const s = n.subscribe('d1', 'm1');
    const waiting = s.wait(60_000);
    n.onModuleDestroy();
    await expect(waiting).resolves.toBe('closing');
    expect(n.isClosing).toBe(true);
    await expect(n.subscribe('d2', 'm1').wait(60_000)).resolves.toBe('closing');
  });
});
