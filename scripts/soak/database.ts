import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The soak's own database on DATABASE_URL's server: created fresh for each run, dropped after it. */

export async function createDatabase(serverUrl: string): Promise<{ name: string; url: string }> {
  const name = `soak_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { name, url: url.toString() };
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}
