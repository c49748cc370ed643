import type { HealthResponse } from '@cutover/domain';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

const VERSION = process.env.npm_package_version ?? '0.1.0';

@Injectable()
export class HealthService {
  private readonly logger = new Logger(HealthService.name);

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async check(): Promise<HealthResponse> {
    try {
      await this.db.query('SELECT 1');
      return { status: 'ok', database: 'ok', version: VERSION };
    } catch (error) {
      this.logger.error({
        msg: 'database health check failed; check DATABASE_URL and that PostgreSQL is running',
        error: String(error),
      });
      return { status: 'degraded', database: 'down', version: VERSION };
    }
  }
}
