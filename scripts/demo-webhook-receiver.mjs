#!/usr/bin/env node
// The demo's webhook receiver (D18): `npm start` runs it on loopback and the demo partner's webhook points
// at it, so events show up in this terminal. It prints one line per delivery: the event and its `text`.
// (A real receiver verifies `webhook-signature` with the secret first: README → Integrations.)
import { createServer } from 'node:http';

const port = Number(process.argv[2] ?? 3099);
const server = createServer((req, res) => {
  let body = '';
  let size = 0;
  req.on('data', (chunk) => {
    size += chunk.length;
    if (size <= 1_000_000) body += chunk;
  });
  req.on('end', () => {
    try {
      const event = JSON.parse(body);
      console.log(`[webhook ${req.headers['webhook-id']}] ${event.type}: ${event.text}`);
    } catch {
      console.log(`[webhook] ${req.method} ${req.url}: a body that is not JSON (${size} bytes)`);
    }
    res.writeHead(204).end();
  });
});
server.listen(port, '127.0.0.1');
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
