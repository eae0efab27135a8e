// The yardstick for bench:http: a bare Fastify server answering fixed bodies, no auth, no database.
import Fastify from 'fastify';
import fs from 'node:fs';

const bodies = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const app = Fastify({ logger: false });
for (const [url, body] of Object.entries(bodies)) {
  app.get(url, (_req, reply) => reply.header('content-type', 'application/json; charset=utf-8').send(body));
}
await app.listen({ port: Number(process.argv[3]), host: '127.0.0.1' });
console.log('bare ready');
