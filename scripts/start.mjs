#!/usr/bin/env node
// `npm start`: the built API (which serves the dashboard) and, unless DEMO=off, the live demo:
// a demo partner, two customer migrations and ~200 simulated PCs polling over real HTTP.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const port = process.env.PORT ?? '3000';
const demo = !['off', 'false', '0', 'no'].includes((process.env.DEMO ?? 'on').toLowerCase());
// the demo's webhook receiver (D18) listens on loopback: the API may send to loopback http:// for it
const webhookPort = Number(process.env.DEMO_WEBHOOK_PORT ?? Number(port) + 99);
const env = {
  ...process.env,
  LOG_FORMAT: process.env.LOG_FORMAT ?? (process.stdout.isTTY ? 'pretty' : 'json'),
  ...(demo
    ? {
        WEBHOOKS_ALLOW_HTTP: process.env.WEBHOOKS_ALLOW_HTTP ?? 'on',
        DEMO_WEBHOOK_URL: `http://127.0.0.1:${webhookPort}/webhooks`,
      }
    : {}),
};

const children = [];
const run = (args) => {
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: 'inherit' });
  children.push(child);
  return child;
};

const api = run(['apps/api/dist/main.js']);
api.on('exit', (code, signal) => {
  for (const child of children) if (child !== api && child.exitCode === null) child.kill('SIGTERM');
  process.exitCode = code ?? (signal ? 1 : 0);
});

async function healthy() {
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return true;
    } catch {
      // still starting
    }
    if (api.exitCode !== null) return false;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return false;
}

if (await healthy()) {
  const url = process.env.PUBLIC_URL ?? `http://localhost:${port}/`;
  const lines = [``, `  Cutover is running: ${url}`];
  if (demo) {
    lines.push(`  Demo sign-in: demo@example.com / demo-password-123 (DEMO=off for a bare service)`);
    lines.push(`  Demo webhook receiver: http://127.0.0.1:${webhookPort}/webhooks (events print here)`);
    run(['scripts/demo-webhook-receiver.mjs', String(webhookPort)]);
    run(['apps/agent-sim/dist/demo.js', `http://127.0.0.1:${port}`]);
  }
  console.log(lines.join('\n') + '\n');
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const child of children) if (child.exitCode === null) child.kill(signal);
  });
}
