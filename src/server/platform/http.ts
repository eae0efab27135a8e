import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyError,
  type FastifyReply,
  type FastifyRequest,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { AppError, errorStatus, type FieldIssue } from './errors.js';
import { isAllowed, type Access, type Principal } from './access.js';
import type { Config } from './config.js';
import { installShedding } from './shed.js';
import { isConnectionLost } from './db.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    principal: Principal;
  }
}

export type ZApp = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;
export type RouteEntry = { method: string; url: string; access: Access };
export type PrincipalResolver = (req: FastifyRequest) => Promise<Principal>;

const DOCS_PREFIX = '/api/docs';

/** The shared HTTP shell: errors, validation, OpenAPI, rate limits, origin check and per-route access. */
export async function createHttp(config: Config, resolvePrincipal: PrincipalResolver, logger: boolean | object) {
  const app = Fastify({
    logger,
    trustProxy: config.trustProxy.length ? config.trustProxy : false,
    bodyLimit: 1024 * 1024,
    // A URL the router refuses before any route runs (bad percent-encoding, a path segment over 100
    // characters) gets the error envelope and the security headers too, not Fastify's own body.
    frameworkErrors: (err, _req, reply) => {
      const e = err.code === 'FST_ERR_BAD_URL' || err.code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? new AppError('bad_request', 'The URL is not valid', [{ path: 'url', code: err.code === 'FST_ERR_BAD_URL' ? 'bad_url' : 'too_long', message: 'The URL is not valid' }])
        : new AppError('internal', 'Something went wrong on our side; it has been logged');
      (reply as FastifyReply).headers(securityHeaders(config.mapTileUrl)).status(e.status).send({ error: { code: e.code, message: e.message, details: e.details } });
    },
  });
  // First of all hooks: beyond capacity, refuse at once (503) rather than queue everything into timeouts.
  installShedding(app, config.shed, securityHeaders(config.mapTileUrl));
  // Fastify hands a missing body to the validator as null; as undefined, a schema's default applies
  // (a POST with no options at all means "no options").
  app.setValidatorCompiler((route) => {
    const validate = validatorCompiler(route as Parameters<typeof validatorCompiler>[0]);
    return route.httpPart === 'body' ? (data: unknown) => validate(data === null ? undefined : data) : validate;
  });
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('principal', null as never);

  const routeTable: RouteEntry[] = [];
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (route.url.startsWith(DOCS_PREFIX) || route.url === '/api/openapi.json') {
      route.config = { ...(route.config ?? {}), access: { public: true } };
    }
    const access = (route.config as { access?: Access } | undefined)?.access;
    if (!access) throw new Error(`Route ${methods.join(',')} ${route.url} declares no access policy`);
    for (const m of methods) if (m !== 'HEAD') routeTable.push({ method: m, url: route.url, access });
  });

  await app.register(cookie);
  await app.register(rateLimit, {
    global: true,
    max: config.rateLimitPerMinute,
    timeWindow: 60_000,
    // Path variants of one route share a limiter: the key is the client, not the URL.
    keyGenerator: (req) => req.ip,
    errorResponseBuilder: (_req, ctx) =>
      new AppError('rate_limited', `Too many requests; try again in ${Math.ceil(ctx.ttl / 1000)} s`, [], {
        'retry-after': String(Math.ceil(ctx.ttl / 1000)),
      }),
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Nuanxin API', version: '0.1.0', description: '暖新: services and rights for new-employment-form workers' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'nx_session' },
          platformKey: { type: 'http', scheme: 'bearer' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: DOCS_PREFIX });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  const headers = securityHeaders(config.mapTileUrl);
  app.addHook('onRequest', async (req, reply) => {
    reply.headers(headers);
    req.principal = { kind: 'anonymous' };
    const access = req.routeOptions.config?.access;
    if (!access) return; // web assets and unknown routes
    refuseCrossOrigin(req, config);
    req.principal = await resolvePrincipal(req);
    if (isAllowed(access, req.principal)) return;
    if (req.principal.kind === 'anonymous') {
      throw req.principal.sessionEnded
        ? new AppError('unauthenticated', 'Your session has ended; sign in again', [{ path: 'session', code: 'session_ended', message: 'Session expired or signed out' }])
        : new AppError('unauthenticated', 'Sign in first');
    }
    throw new AppError('forbidden', 'Your role does not allow this');
  });

  app.setErrorHandler((err: FastifyError | AppError, req, reply) => {
    const e = toAppError(err, req);
    if (e.status >= 500) req.log.error({ err }, 'request failed');
    for (const [k, v] of Object.entries(e.headers)) reply.header(k, v);
    const body: { error: { code: string; message: string; details?: FieldIssue[] } } = {
      error: { ...e.extra, code: e.code, message: e.message },
    };
    if (e.details.length) body.error.details = e.details;
    reply.status(e.status).send(body);
  });
  return { app: app.withTypeProvider<ZodTypeProvider>(), routeTable };
}

/**
 * The web app loads only its own scripts and styles; the card's QR code is an inline SVG image. Map
 * tiles come from the configured tile server, so its origin (and only then) may serve images too.
 */
export function securityHeaders(mapTileUrl: string): Record<string, string> {
  const img = ["'self'", 'data:'];
  if (mapTileUrl) img.push(new URL(mapTileUrl.replace(/\{[zxy]\}/g, '0')).origin);
  return {
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'same-origin',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    // The station finder asks for the phone's position; nothing asks for the microphone, payment or USB.
    'permissions-policy': 'geolocation=(self), camera=(self), microphone=(), payment=(), usb=()',
    'content-security-policy': `default-src 'self'; img-src ${img.join(' ')}; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'`,
  };
}

function refuseCrossOrigin(req: FastifyRequest, config: Config) {
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return;
  if (req.headers['sec-fetch-site'] === 'cross-site') throw new AppError('forbidden', 'Cross-origin request refused');
  const origin = req.headers.origin;
  if (!origin) return;
  const own = `${req.protocol}://${req.host}`;
  if (origin !== own && !config.allowedOrigins.includes(origin)) {
    throw new AppError('forbidden', 'Cross-origin request refused');
  }
}

const zodCode = (keyword: string, message: string, params: Record<string, unknown>): string => {
  const custom = (params.params as { code?: string } | undefined)?.code;
  if (custom) return custom;
  if (keyword === 'invalid_type') return /received undefined/.test(message) ? 'required' : 'invalid_type';
  if (keyword === 'unrecognized_keys') return 'unknown_field';
  if (keyword === 'too_small') return 'too_short';
  if (keyword === 'too_big') return 'too_long';
  return 'invalid_value';
};

function toAppError(err: FastifyError | AppError | Error, req: FastifyRequest): AppError {
  if (err instanceof AppError) return err;
  if (hasZodFastifySchemaValidationErrors(err)) {
    const where = (err as FastifyError).validationContext ?? 'body';
    const input = where === 'querystring' ? req.query : where === 'params' ? req.params : where === 'headers' ? req.headers : req.body;
    const details: FieldIssue[] = [];
    for (const v of err.validation) {
      const segments = v.instancePath.split('/').filter(Boolean);
      const base = segments.join('.');
      const params = v.params as Record<string, unknown>;
      const missing = v.keyword !== 'unrecognized_keys' && segments.length > 0 && valueAt(input, segments) === undefined;
      const code = missing ? 'required' : zodCode(v.keyword, v.message ?? '', params);
      if (code === 'unknown_field' && Array.isArray(params.keys)) {
        for (const k of params.keys) {
          const path = base ? `${base}.${k}` : String(k);
          details.push({ path, code, message: `Unknown field "${path}"` });
        }
      } else {
        const path = base || where;
        details.push({ path, code, message: `${path}: ${v.message ?? 'invalid'}` });
      }
    }
    return new AppError('bad_request', `Invalid ${where}: ${details.map((d) => d.path).join(', ')}`, details);
  }
  const fe = err as FastifyError & { code?: string; statusCode?: number };
  switch (fe.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('unsupported_media_type', 'Send the body as application/json');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('payload_too_large', 'The request body is too large', [{ path: 'body', code: 'too_large', message: 'The request body is too large' }]);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('bad_request', 'The JSON body is empty', [{ path: 'body', code: 'required', message: 'Body required' }]);
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AppError('bad_request', 'The body is not valid JSON', [{ path: 'body', code: 'invalid_json', message: 'Malformed JSON' }]);
  }
  if (fe.statusCode === 400 && (fe instanceof SyntaxError || /JSON/.test(fe.message))) {
    return new AppError('bad_request', 'The body is not valid JSON', [{ path: 'body', code: 'invalid_json', message: 'Malformed JSON' }]);
  }
  if (isDiskFull(err)) return new AppError('unavailable', "The server's disk is full; try again later", [], { 'retry-after': '60' });
  if (isUnavailable(err)) return new AppError('unavailable', 'The database is unavailable; try again shortly', [], { 'retry-after': '5' });
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    const code = (Object.entries(errorStatus).find(([, s]) => s === fe.statusCode)?.[0] ?? 'bad_request') as keyof typeof errorStatus;
    return new AppError(code, fe.message);
  }
  return new AppError('internal', 'Something went wrong on our side; it has been logged');
}

function valueAt(input: unknown, segments: string[]): unknown {
  let v = input;
  for (const s of segments) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[s];
  }
  return v;
}

function isUnavailable(err: Error & { code?: string }): boolean {
  const code = err.code ?? '';
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', '57P01', '57P03', '53300', 'SQLITE_FULL', 'SQLITE_BUSY', 'SQLITE_IOERR', 'SQLITE_CANTOPEN'].includes(code) ||
    code.startsWith('SQLITE_IOERR') ||
    isConnectionLost(err)
  );
}

/** SQLite's SQLITE_FULL (the data directory's disk), PostgreSQL's disk_full (53100), or the OS's ENOSPC. */
function isDiskFull(err: Error & { code?: string }): boolean {
  return err.code === 'SQLITE_FULL' || err.code === '53100' || err.code === 'ENOSPC' || /database or disk is full/.test(err.message);
}
