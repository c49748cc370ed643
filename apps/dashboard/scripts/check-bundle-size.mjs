#!/usr/bin/env node
// Fails the build when the JavaScript a first visit must load (the entry chunk and the chunks it preloads) exceeds
// the budget in gzip bytes. Screens are lazy routes, so they do not count. Prints every initial chunk's size.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 250;
const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const html = readFileSync(join(dist, 'index.html'), 'utf8');

const entry = [...html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g)].map((m) => m[1]);
const preloaded = [...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)].map((m) => m[1]);
if (entry.length === 0) {
  console.error('check-bundle-size: no <script type="module"> in dist/index.html; was the dashboard built?');
  process.exit(1);
}

const kb = (bytes) => (bytes / 1024).toFixed(2);
const rows = [...new Set([...entry, ...preloaded])].map((src) => {
  const code = readFileSync(join(dist, src.replace(/^\//, '')));
  return { src, raw: code.length, gzip: gzipSync(code, { level: 9 }).length, main: entry.includes(src) };
});
const mainGzip = rows.filter((r) => r.main).reduce((sum, r) => sum + r.gzip, 0);
const initialGzip = rows.reduce((sum, r) => sum + r.gzip, 0);

console.log('Dashboard initial JavaScript (gzip):');
for (const r of rows)
  console.log(
    `  ${r.main ? 'main   ' : 'preload'}  ${r.src.padEnd(40)} ${kb(r.raw).padStart(9)} KB  gzip ${kb(r.gzip).padStart(8)} KB`,
  );
console.log(
  `  main chunk: ${kb(mainGzip)} KB gzip; with preloaded chunks: ${kb(initialGzip)} KB gzip (budget ${BUDGET_KB} KB)`,
);

if (initialGzip > BUDGET_KB * 1024) {
  console.error(
    `check-bundle-size: FAILED, the initial JavaScript is ${kb(initialGzip)} KB gzip, over the ${BUDGET_KB} KB budget. Move code behind a lazy route.`,
  );
  process.exit(1);
}
console.log('check-bundle-size: OK');
