import type { DataSource } from 'typeorm';
import { toErrorReply } from '../common/api-exception.filter';
import { UNAVAILABLE_RETRY_AFTER_SECONDS } from '../common/database-errors';
import { runInTransaction } from './transactions';

describe('database trouble is a 503 with Retry-After, never a 500 (agent protocol: overload)', () => {
  it.each([
    [
      'connection refused',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
    ],
    ['too many connections', { message: 'sorry, too many clients already', driverError: { code: '53300' } }],
    [
      'server shutting down',
      { message: 'terminating connection due to administrator command', driverError: { code: '57P01' } },
    ],
    ['server starting up', { message: 'the database system is starting up', driverError: { code: '57P03' } }],
    ['connection lost', new Error('Connection terminated unexpectedly')],
    [
      'query runner released under a restart',
      Object.assign(new Error('Query runner already released.'), { name: 'QueryRunnerAlreadyReleasedError' }),
    ],
  ])('%s', (_name, error) => {
    const reply = toErrorReply(error, 'req-1');
    expect(reply.status).toBe(503);
    expect(reply.headers['retry-after']).toBe(String(UNAVAILABLE_RETRY_AFTER_SECONDS));
    expect(reply.body.error.code).toBe('OVERLOADED');
  });

  it('other errors stay 500s with a request id', () => {
    const reply = toErrorReply(new Error('boom'), 'req-2');
    expect(reply.status).toBe(500);
    expect(reply.body.error.details).toEqual({ requestId: 'req-2' });
  });

  it('retries a transaction that lost a deadlock, then gives up', async () => {
    let attempts = 0;
    const deadlock = Object.assign(new Error('deadlock detected'), { driverError: { code: '40P01' } });
    const db = {
      transaction: async (work: (m: unknown) => Promise<unknown>) => {
        attempts += 1;
        if (attempts < 3) throw deadlock;
        return work({});
      },
    } as unknown as DataSource;
    await expect(runInTransaction(db, async () => 'done')).resolves.toBe('done');
    expect(attempts).toBe(3);
    attempts = -10;
    await expect(runInTransaction(db, async () => 'never')).rejects.toBe(deadlock);
  });
});
