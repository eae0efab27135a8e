import net from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export type ShedSettings = {
  /** Most API requests being worked on at once (body received, waiting for the database included); 0: no limit. */
  maxInFlight: number;
  /** Most time (ms) the event loop may have been busy with requests in one turn; 0: no limit. */
  maxQueueMs: number;
};

/** Never refused: a load balancer's probe must see the process alive (it is cheap, and a 503 there takes the instance out). */
const exempt = (path: string) => !path.startsWith('/api/') || path === '/api/health';
/** Signing in and registering hash a password (argon2, the costliest request there is): refused first, at half the limits. */
const costly = (path: string) => path === '/api/auth/login' || path === '/api/workers/register';

/** A turn counts as a queue only after this many requests: one slow request must not fail its few neighbours. */
const QUEUE_MIN = 16;
/** The standing-queue test looks at windows this long, and only at windows with this many answers. */
const WINDOW_MS = 250;
const STANDING_MIN = 8;

/**
 * Load shedding (decision 0023). Beyond capacity the server answers 503 with Retry-After at once instead
 * of queueing every request until all of them time out. Three signals, any one enough:
 * - requests in flight (on PostgreSQL they wait for a pooled connection) above `maxInFlight`;
 * - the age of the current event-loop turn: requests are handled one after another within a turn, so a
 *   request met when the turn has already spent `maxQueueMs` on other requests has itself waited at least
 *   that long in the socket queue (on SQLite, whose queries run synchronously, this is where the queue is);
 *   only once the turn has taken QUEUE_MIN requests, so it takes a queue, not one slow request.
 * - a standing queue: in the last WINDOW_MS even the quickest of ≥ STANDING_MIN answers took longer than
 *   `maxQueueMs` from handler to sent (or none came while QUEUE_MIN waited): PostgreSQL's pool queue.
 * Only requests that came over a socket are counted or refused: one built by inject() waited in no queue.
 */
export function installShedding(app: FastifyInstance, settings: ShedSettings, headers: Record<string, string>) {
  if (!settings.maxInFlight && !settings.maxQueueMs) return;
  let inFlight = 0;
  let turnStarted = 0;
  let turnMarked = false;
  let turnRequests = 0;
  let shed = 0;
  let reported = 0;
  const turnAge = (now: number) => {
    if (!turnMarked) {
      turnMarked = true;
      turnStarted = now;
      turnRequests = 0;
      setImmediate(() => (turnMarked = false)); // the check phase: this turn's requests are done
    }
    return now - turnStarted;
  };

  // Counted in flight once the body is in and the handler runs, until the answer has gone: a phone
  // uploading slowly over a poor connection costs the server nothing while it uploads.
  const accepted = new WeakSet<FastifyRequest>();
  // A standing queue (CoDel's test): in the last window even the quickest answer took longer than
  // maxQueueMs from handler to sent, or nothing was answered while many waited. On PostgreSQL this is
  // where the wait shows: requests queue for the pool's connections across many short loop turns.
  let windowStarted = performance.now();
  let windowMin = Infinity;
  let windowCount = 0;
  let standing = false;
  const windowCheck = (now: number) => {
    if (now - windowStarted < WINDOW_MS) return;
    standing = settings.maxQueueMs > 0 && (windowCount >= STANDING_MIN ? windowMin > settings.maxQueueMs : windowCount === 0 && inFlight >= QUEUE_MIN);
    windowStarted = now;
    windowMin = Infinity;
    windowCount = 0;
  };
  app.addHook('preHandler', async (req: FastifyRequest, reply: FastifyReply) => {
    if (!accepted.has(req) || req.raw.socket.destroyed) return;
    inFlight++;
    const started = performance.now();
    reply.raw.once('close', () => {
      inFlight--;
      const took = performance.now() - started;
      if (took < windowMin) windowMin = took;
      windowCount++;
    });
  });

  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    if (!(req.raw.socket instanceof net.Socket)) return;
    const path = req.url.split('?', 1)[0]!;
    if (exempt(path)) return;
    const share = costly(path) ? 0.5 : 1;
    const now = performance.now();
    const age = turnAge(now);
    windowCheck(now);
    const busy =
      standing ||
      (settings.maxInFlight > 0 && inFlight >= Math.max(1, Math.floor(settings.maxInFlight * share))) ||
      (settings.maxQueueMs > 0 && turnRequests >= QUEUE_MIN && age > settings.maxQueueMs * share);
    if (!busy) {
      turnRequests++;
      accepted.add(req);
      return;
    }
    shed++;
    if (Date.now() - reported >= 10_000) {
      app.log.warn({ shed, inFlight, turnMs: Math.round(age), standing }, 'overloaded: refusing requests with 503');
      reported = Date.now();
      shed = 0;
    }
    // Sent from here, not thrown: the error handler would log each one, and logging is work too.
    // Retry-After is spread over 1-3 s so refused clients do not all come back in the same second.
    return reply
      .code(503)
      .headers({ ...headers, 'retry-after': String(1 + Math.floor(Math.random() * 3)), 'cache-control': 'no-store' })
      .send({ error: { code: 'unavailable', message: 'The server is busy; try again in a few seconds' } });
  });
}
