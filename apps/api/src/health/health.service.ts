import type { HealthResponse } from '@cutover/domain';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

const VERSION = process.env.npm_package_version ?? '0.1.0';
/** A health check answers within about this long, whatever the database does (a load balancer must not hang on it). */
export const HEALTH_DATABASE_TIMEOUT_MS = 2000;

@Injectable()
export class HealthService {
  private readonly logger = new Logger(HealthService.name);

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async check(): Promise<HealthResponse> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), HEALTH_DATABASE_TIMEOUT_MS);
    });
    try {
      const answer = await Promise.race([this.db.query('SELECT 1').then(() => 'ok' as const), timeout]);
      if (answer === 'timeout') {
        this.logger.warn({
          msg: `the database did not answer the health check within ${HEALTH_DATABASE_TIMEOUT_MS} ms; it is overloaded, locked or unreachable`,
        });
        return { status: 'degraded', database: 'timeout', version: VERSION };
      }
      return { status: 'ok', database: 'ok', version: VERSION };
    } catch (error) {
      this.logger.error({
        msg: 'database health check failed; check DATABASE_URL and that PostgreSQL is running',
        error: String(error),
      });
      return { status: 'degraded', database: 'down', version: VERSION };
    } finally {
      clearTimeout(timer);
    }
  }
}
