/**
 * What the partner bench's parts share: the settings read from the environment, the in-process HTTP
 * call, and how a page type is timed (warm-up, then p50/p95/p99 of `runs` calls). Loads no API source,
 * so it may be imported statically.
 */
import * as os from 'node:os';
import { performance } from 'node:perf_hooks';

export const SERVER_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const DEVICES = Number(process.env.BENCH_DEVICES ?? 100_000);
export const RUNS = Number(process.env.BENCH_RUNS ?? 200);
export const WARMUP = 20;
export const PAGE_P95_TARGET_MS = 50;
/** BENCH_ONLY=list skips the bulk action cases, BENCH_ONLY=bulk the list pages (the floor is measured either way) */
export const ONLY = process.env.BENCH_ONLY;

export type Inject = (options: {
  method: 'GET' | 'POST' | 'PATCH';
  url: string;
  headers?: Record<string, string>;
  payload?: object;
}) => Promise<{
  statusCode: number;
  body: string;
  headers: Record<string, unknown>;
}>;

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export function ms(n: number): string {
  return `${n.toFixed(1)} ms`;
}

/** The machine's load averages (1, 5, 15 min): other processes share it, the figures are upper bounds. */
export function loadAverage(): string {
  return os
    .loadavg()
    .map((n) => n.toFixed(1))
    .join(' ');
}

export interface PageResult {
  name: string;
  query: string;
  rows: number;
  total: number;
  p50: number;
  p95: number;
  p99: number;
}

export async function measure(
  name: string,
  runs: number,
  call: () => Promise<{ rows: number; total: number }>,
  query: string,
): Promise<PageResult> {
  let last = { rows: 0, total: 0 };
  for (let i = 0; i < WARMUP; i += 1) last = await call();
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    last = await call();
    times.push(performance.now() - start);
  }
  times.sort((x, y) => x - y);
  return {
    name,
    query,
    rows: last.rows,
    total: last.total,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
  };
}
