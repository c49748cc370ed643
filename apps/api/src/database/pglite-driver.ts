import * as fs from 'node:fs';
import { types, type PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { PGliteDriver, getPGliteInstance } from 'typeorm-pglite';

type ConnectCallback = (err: Error | null, client: unknown, release: (err?: unknown) => void) => void;
interface PoolLike {
  connect(callback: ConnectCallback): Promise<void>;
  query(...args: unknown[]): Promise<unknown>;
  end(callback: (err: unknown) => void): void;
}
type PoolClass = new () => PoolLike;

/**
 * typeorm-pglite hands every caller the same PGlite session with no locking, so two concurrent
 * transactions would interleave their statements. PGlite is one connection: this pool lends it
 * to one query runner at a time, which gives real transaction isolation (at the cost of
 * parallelism the embedded database never had).
 */
export function serialPGliteDriver(options: { dataDir: string | null }): { Pool: PoolClass } {
  if (options.dataDir) fs.mkdirSync(options.dataDir, { recursive: true });
  const pgliteOptions: PGliteOptions = {
    dataDir: options.dataDir ?? undefined,
    // match node-postgres: int8 and numeric come back as strings
    parsers: { [types.INT8]: (value: string) => value, [types.NUMERIC]: (value: string) => value },
  };
  const Base = (new PGliteDriver(pgliteOptions).driver as unknown as { Pool: PoolClass }).Pool;

  let tail: Promise<void> = Promise.resolve();
  class SerialPool extends Base {
    override connect(callback: ConnectCallback): Promise<void> {
      let unlock!: () => void;
      const turn = new Promise<void>((resolve) => (unlock = resolve));
      const previous = tail;
      tail = previous.then(() => turn);
      return previous.then(() =>
        super.connect((err, client) => {
          let released = false;
          const release = () => {
            if (released) return;
            released = true;
            unlock();
          };
          if (err) release();
          callback(err, client, release);
        }),
      );
    }
  }
  return { Pool: SerialPool };
}

/** The process's embedded database, for LISTEN/NOTIFY and maintenance. */
export function pgliteInstance(): Promise<PGlite> {
  return getPGliteInstance();
}
