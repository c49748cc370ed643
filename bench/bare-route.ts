/**
 * The bare endpoint bench:poll compares with: Fastify (the API's own version) with one GET route (and
 * the same route as a POST) and nothing else, in a process of its own. Usage: node --import tsx bench/bare-route.ts PORT
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/hello', async () => ({ hello: 'world' }));
// the same with a JSON body to read, for context: what a POST costs before any application work
app.post('/hello', async () => ({ hello: 'world' }));
app.listen({ port: Number(process.argv[2]), host: '127.0.0.1' }).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
