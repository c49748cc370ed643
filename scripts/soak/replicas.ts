import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { API_MAIN, HOST, ROOT } from '../../bench/support';

/** A 5xx the API logged ("request failed" with the error, or the request line of a 5xx). */
export interface LoggedFailure {
  replica: string;
  instance: number;
  at: number;
  line: string;
}

interface Instance {
  number: number;
  child: ChildProcess;
  startedAt: number;
  exitedAt: number | null;
  exit: string | null;
  peakRssKb: number;
  logFile: string;
}

/**
 * One API replica: the BUILT API (apps/api/dist/main.js) as a child process on a fixed port, its
 * output in a log file of its own (LOG_LEVEL=warn: warnings, errors and 5xx), killed with SIGKILL
 * and started again on the same port by the soak. Each start is an "instance" (A#1, A#2, ...).
 */
export class Replica {
  readonly url: string;
  readonly failures: LoggedFailure[] = [];
  /** 503s the API logged (database unavailable, overload): allowed by the contract. */
  readonly unavailable: LoggedFailure[] = [];
  /** Other warning and error lines (for the report: counts, first few). */
  readonly warnings: LoggedFailure[] = [];
  private readonly failedLines = new Map<string, LoggedFailure>();
  readonly instances: Instance[] = [];

  constructor(
    readonly name: string,
    readonly port: number,
    private readonly env: Record<string, string>,
    private readonly logDir: string,
  ) {
    this.url = `http://${HOST}:${port}`;
  }

  get current(): Instance | null {
    return this.instances.at(-1) ?? null;
  }

  get pid(): number | null {
    const current = this.current;
    return current && current.exitedAt === null ? (current.child.pid ?? null) : null;
  }

  /** Starts an instance and waits until GET /api/health answers 200 (at most `timeoutMs`). */
  async start(timeoutMs = 90_000): Promise<number> {
    const number = this.instances.length + 1;
    const logFile = path.join(this.logDir, `replica-${this.name}-${number}.log`);
    const out = fs.createWriteStream(logFile);
    const child = spawn(process.execPath, [API_MAIN], {
      cwd: ROOT,
      env: {
        ...process.env,
        ...this.env,
        PORT: String(this.port),
        HOST,
        DEMO: 'off',
        STATIC_DIR: 'off',
        LOG_LEVEL: 'warn',
        LOG_FORMAT: 'json',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const instance: Instance = {
      number,
      child,
      startedAt: Date.now(),
      exitedAt: null,
      exit: null,
      peakRssKb: 0,
      logFile,
    };
    this.instances.push(instance);
    child.once('exit', (code, signal) => {
      instance.exitedAt = Date.now();
      instance.exit = signal ?? `code ${code}`;
    });
    for (const stream of [child.stdout!, child.stderr!]) {
      stream.pipe(out, { end: false });
      readline.createInterface({ input: stream }).on('line', (line) => this.scan(number, line));
    }
    const started = Date.now();
    for (;;) {
      if (instance.exitedAt !== null)
        throw new Error(`replica ${this.name} exited (${instance.exit}) while starting; see ${logFile}`);
      const ok = await fetch(`${this.url}/api/health`, { signal: AbortSignal.timeout(2000) })
        .then((res) => res.status === 200)
        .catch(() => false);
      if (ok) return Date.now() - started;
      if (Date.now() - started > timeoutMs)
        throw new Error(`replica ${this.name} did not answer /api/health within ${timeoutMs / 1000} s`);
      await sleep(100);
    }
  }

  /** SIGKILL: no shutdown hooks, no flush of buffered check-ins, connections cut mid-request. */
  kill(): void {
    const current = this.current;
    if (current && current.exitedAt === null) current.child.kill('SIGKILL');
  }

  /** SIGTERM, then SIGKILL after 10 s. */
  async stop(): Promise<void> {
    const current = this.current;
    if (!current || current.exitedAt !== null) return;
    const exited = new Promise((resolve) => current.child.once('exit', resolve));
    current.child.kill('SIGTERM');
    const timer = setTimeout(() => current.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  /** Reads VmRSS of the running instance (Linux /proc); keeps the peak per instance. */
  sampleMemory(): void {
    const current = this.current;
    const pid = this.pid;
    if (!current || pid === null) return;
    try {
      const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? 0);
      current.peakRssKb = Math.max(current.peakRssKb, kb);
    } catch {
      // the process just exited
    }
  }

  /**
   * A 5xx is logged twice: "request failed" with the error (no status), then the request line with
   * its status, both with the request id. A 503 (database unavailable, overload) is the contract's
   * answer and kept apart; any other 5xx is a failure, with its error line.
   */
  private scan(instance: number, line: string): void {
    if (line.trim() === '') return;
    const entry = { replica: this.name, instance, at: Date.now(), line };
    const requestId = /"requestId":"([^"]+)"/.exec(line)?.[1];
    if (line.includes('"request failed"') && requestId) {
      this.failedLines.set(requestId, entry);
      return;
    }
    const status = Number(/"status":(\d{3})/.exec(line)?.[1] ?? 0);
    if (requestId && status >= 500) {
      const failed = this.failedLines.get(requestId);
      this.failedLines.delete(requestId);
      const joined = { ...entry, line: failed ? `${failed.line}\n${line}` : line };
      if (status === 503) this.unavailable.push(joined);
      else this.failures.push(joined);
      return;
    }
    this.warnings.push(entry);
  }

  /** "request failed" lines whose request line never came (the process was killed in between). */
  get unmatched(): LoggedFailure[] {
    return [...this.failedLines.values()];
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
