import { z } from 'zod';
import fs from 'node:fs';
import path from 'node:path';

const bool = z
  .enum(['true', 'false', '1', '0', ''])
  .transform((v) => v === 'true' || v === '1');
const csv = z.string().transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean));
const minutes = z.coerce.number().int().positive();

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .refine((s) => s === '' || /^postgres(ql)?:\/\//.test(s), 'must start with postgres:// or postgresql://')
    .default(''),
  DATA_KEY: z
    .string()
    .refine((s) => s === '' || Buffer.from(s, 'base64').length === 32, 'must be 32 bytes in base64 (openssl rand -base64 32)')
    .default(''),
  SEED_DEMO: bool.default(true),
  COOKIE_SECURE: bool.default(true),
  TRUST_PROXY: csv.default([]),
  ALLOWED_ORIGINS: csv.default([]),
  STAFF_IDLE_MINUTES: minutes.default(30),
  STAFF_ABSOLUTE_MINUTES: minutes.default(720),
  WORKER_IDLE_MINUTES: minutes.default(10080),
  WORKER_ABSOLUTE_MINUTES: minutes.default(43200),
  MAP_TILE_URL: z
    .string()
    // The host is fixed (no {s} subdomains): the web app fills in only {z}, {x} and {y}, and the
    // Content-Security-Policy names the tile server's origin.
    .refine(
      (s) => s === '' || (/^https:\/\/[^/?#{}]+[/?]/.test(s) && s.includes('{z}') && s.includes('{x}') && s.includes('{y}') && URL.canParse(s)),
      'must be an https URL template on a fixed host with {z}, {x} and {y}, e.g. https://tiles.example.cn/{z}/{x}/{y}.png',
    )
    .default(''),
  CHILD_RETENTION_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
  CASE_APPEAL_DAYS: z.coerce.number().int().min(1).max(90).default(7),
  EVIDENCE_MAX_MB: z.coerce.number().min(0.1).max(100).default(10),
  ANALYST_MIN_CELL: z.coerce.number().int().min(1).max(100).default(5),
  SMS_ADAPTER: z.enum(['log', 'none']).default('log'),
  SESSION_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(2000),
  RATE_LIMIT_PER_MINUTE: minutes.default(1200),
  LOGIN_RATE_LIMIT_PER_MINUTE: minutes.default(30),
  SHED_MAX_IN_FLIGHT: z.coerce.number().int().min(0).max(100_000).default(32),
  SHED_MAX_QUEUE_MS: z.coerce.number().int().min(0).max(60_000).default(100),
  DB_QUERY_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
  DB_WAIT_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LETTER_FONT: z
    .string()
    .refine((s) => s === '' || (/\.(ttf|otf)$/i.test(s) && fs.existsSync(s)), 'must be an existing .ttf or .otf font file (not a .ttc collection)')
    .default(''),
});

export type Config = {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string;
  dataKey: Buffer;
  seedDemo: boolean;
  cookieSecure: boolean;
  trustProxy: string[];
  allowedOrigins: string[];
  session: { staffIdleMs: number; staffAbsoluteMs: number; workerIdleMs: number; workerAbsoluteMs: number };
  sessionCacheMs: number;
  caseAppealDays: number;
  evidenceMaxBytes: number;
  analystMinCell: number;
  smsAdapter: 'log' | 'none';
  childRetentionDays: number;
  mapTileUrl: string;
  rateLimitPerMinute: number;
  loginRateLimitPerMinute: number;
  /** Load shedding: 503 beyond these (0 turns a limit off); see platform/shed.ts. */
  shed: { maxInFlight: number; maxQueueMs: number };
  /** PostgreSQL: an answer slower than queryTimeoutMs (0: no limit) is an outage (503); at start, wait this long for the database. */
  database: { queryTimeoutMs: number; waitSeconds: number };
  logLevel: string;
  /** Font for the union's letters (PDF); '' means the bundled Noto Serif SC. */
  letterFont: string;
};

export class ConfigError extends Error {}

/** Reads the environment once; a bad value stops the start with a message saying how to fix it. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings from .env mean "not set" for everything except the fields that accept ''.
  const cleaned: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const v = env[key];
    if (v !== undefined && v !== '') cleaned[key] = v;
  }
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map(
      (i) => `  ${i.path.join('.')}=${JSON.stringify(cleaned[String(i.path[0])] ?? '')}: ${i.message}`,
    );
    throw new ConfigError(
      `Invalid settings:\n${lines.join('\n')}\nFix them in the environment or in .env (see .env.example for every setting).`,
    );
  }
  const c = parsed.data;
  const dataDir = path.resolve(c.DATA_DIR);
  return {
    env: c.NODE_ENV,
    port: c.PORT,
    host: c.HOST,
    dataDir,
    databaseUrl: c.DATABASE_URL,
    dataKey: resolveDataKey(c.DATA_KEY, dataDir, c.DATABASE_URL),
    seedDemo: c.SEED_DEMO,
    cookieSecure: c.COOKIE_SECURE,
    trustProxy: c.TRUST_PROXY,
    allowedOrigins: c.ALLOWED_ORIGINS,
    session: {
      staffIdleMs: c.STAFF_IDLE_MINUTES * 60_000,
      staffAbsoluteMs: c.STAFF_ABSOLUTE_MINUTES * 60_000,
      workerIdleMs: c.WORKER_IDLE_MINUTES * 60_000,
      workerAbsoluteMs: c.WORKER_ABSOLUTE_MINUTES * 60_000,
    },
    sessionCacheMs: c.SESSION_CACHE_MS,
    childRetentionDays: c.CHILD_RETENTION_DAYS,
    caseAppealDays: c.CASE_APPEAL_DAYS,
    evidenceMaxBytes: Math.round(c.EVIDENCE_MAX_MB * 1024 * 1024),
    analystMinCell: c.ANALYST_MIN_CELL,
    smsAdapter: c.SMS_ADAPTER,
    mapTileUrl: c.MAP_TILE_URL,
    rateLimitPerMinute: c.RATE_LIMIT_PER_MINUTE,
    loginRateLimitPerMinute: c.LOGIN_RATE_LIMIT_PER_MINUTE,
    shed: { maxInFlight: c.SHED_MAX_IN_FLIGHT, maxQueueMs: c.SHED_MAX_QUEUE_MS },
    database: { queryTimeoutMs: c.DB_QUERY_TIMEOUT_MS, waitSeconds: c.DB_WAIT_SECONDS },
    logLevel: c.LOG_LEVEL,
    letterFont: c.LETTER_FONT && path.resolve(c.LETTER_FONT),
  };
}

/** The embedded default generates its key on first run; a PostgreSQL deployment must bring its own. */
function resolveDataKey(fromEnv: string, dataDir: string, databaseUrl: string): Buffer {
  if (fromEnv) return Buffer.from(fromEnv, 'base64');
  const file = path.join(dataDir, 'secret.key');
  if (fs.existsSync(file)) {
    const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length !== 32) throw new ConfigError(`${file} does not hold a 32-byte base64 key; restore it from backup or remove it on an empty database.`);
    return key;
  }
  if (databaseUrl) {
    throw new ConfigError(
      'DATA_KEY is required with DATABASE_URL (the key that encrypts phone and ID numbers). Create one with: openssl rand -base64 32',
    );
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const key = crypto.getRandomValues(new Uint8Array(32));
  fs.writeFileSync(file, Buffer.from(key).toString('base64') + '\n', { mode: 0o600 });
  return Buffer.from(key);
}
