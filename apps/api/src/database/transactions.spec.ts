import { DomainError } from '@cutover/domain';
import { toErrorReply } from '../common/api-exception.filter';
import { asUnavailable, inTransaction, UNAVAILABLE_RETRY_AFTER_SECONDS } from './transaction';
import type { DataSource } from 'typeorm';

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
    ['connection lost', new Error('Connection terminated unexpectedly')],
  ])('%s', (_name, error) => {
    const mapped = asUnavailable(error);
    expect(mapped).toBeInstanceOf(DomainError);
    const reply = toErrorReply(mapped, 'req-1');
    expect(reply.status).toBe(503);
    expect(reply.headers['retry-after']).toBe(String(UNAVAILABLE_RETRY_AFTER_SECONDS));
    expect(reply.body.error.code).toBe('OVERLOADED');
  });

  it('other errors pass through unchanged', () => {
    const error = new Error('boom');
    expect(asUnavailable(error)).toBe(error);
    const domain = new DomainError('COMMAND_NOT_FOUND');
    expect(asUnavailable(domain)).toBe(domain);
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
    await expect(inTransaction(db, async () => 'done')).resolves.toBe('done');
    expect(attempts).toBe(3);
    attempts = -10;
    await expect(inTransaction(db, async () => 'never')).rejects.toBe(deadlock);
  });
});
