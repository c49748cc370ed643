import { Logger } from '@nestjs/common';
import { createApp, createLogger } from './bootstrap';
import { ConfigError, loadConfig } from './config/config';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(
        `${error.message}\nFix the variables above (see README, "Configuration") and start again.`,
      );
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config);
  const app = await createApp(config, { logger });
  await app.listen(config.port, config.host);
  const where = config.databaseUrl
    ? 'PostgreSQL (DATABASE_URL)'
    : config.dataDir
      ? `embedded PGlite in ${config.dataDir}`
      : 'embedded PGlite in memory';
  const url = config.publicUrl ?? `http://localhost:${config.port}/`;
  new Logger('Cutover').log({ msg: 'Cutover is running', url, database: where });
}

main().catch((error: unknown) => {
  console.error('Cutover failed to start:', error);
  process.exit(1);
});
