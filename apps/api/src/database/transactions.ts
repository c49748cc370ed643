import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { driverCode } from '../common/database-errors';

// serialization failure, deadlock detected: two transactions took the same rows in another order
const RETRYABLE = new Set(['40001', '40P01']);
const ATTEMPTS = 4;

/**
 * The one way the API opens a transaction: the use case that owns it calls run(), everything it
 * calls takes the manager. A deadlock or serialization failure is retried; any other error (an
 * unreachable database included: the exception filter answers 503) leaves unchanged.
 */
@Injectable()
export class Transactions {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** For single statements that stand on their own (reads, a check-in): no transaction. */
  get manager(): EntityManager {
    return this.db.manager;
  }

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return runInTransaction(this.db, work);
  }
}

export async function runInTransaction<T>(
  db: Pick<DataSource, 'transaction'>,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(work);
    } catch (error) {
      if (attempt < ATTEMPTS && RETRYABLE.has(driverCode(error) ?? '')) continue;
      throw error;
    }
  }
}
