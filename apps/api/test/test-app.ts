import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { createApp } from '../src/bootstrap';
import { TestClock } from '../src/common/clock';
import { type AppConfig, loadConfig } from '../src/config/config';
import { createTestDatabase, type TestDatabase } from './test-database';

export interface TestApp {
  app: NestFastifyApplication;
  /** Pass to supertest: `request(t.server)`. */
  server: ReturnType<NestFastifyApplication['getHttpServer']>;
  db: DataSource;
  clock: TestClock;
  config: AppConfig;
  close(): Promise<void>;
}

export interface TestAppOptions {
  clock?: TestClock;
  env?: Record<string, string>;
  /** Reuse another test app's database (two API instances on one PostgreSQL). */
  databaseUrl?: string | null;
}

/** A whole service on a fresh database with a settable clock; close() drops the database. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database: TestDatabase =
    options.databaseUrl !== undefined
      ? { databaseUrl: options.databaseUrl, drop: async () => undefined }
      : await createTestDatabase();
  const config = loadConfig({
    DATA_DIR: 'memory://',
    STATIC_DIR: 'off',
    LOG_LEVEL: 'error',
    // tests play clients at many addresses through X-Forwarded-For, as behind a load balancer
    TRUST_PROXY: 'on',
    ...(database.databaseUrl ? { DATABASE_URL: database.databaseUrl } : {}),
    ...options.env,
  });
  const clock = options.clock ?? new TestClock();
  const app = await createApp(config, { clock, logger: ['error'] as never });
  return {
    app,
    server: app.getHttpServer(),
    db: app.get<DataSource>(getDataSourceToken()),
    clock,
    config,
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}
