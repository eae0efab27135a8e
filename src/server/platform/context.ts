import type { Config } from './config.js';
import type { Db, DbKind } from './db.js';
import type { FieldCrypto } from './crypto.js';

/** What every service needs; built once at start and passed down. */
export type Ctx = {
  db: Db;
  dbKind: DbKind;
  crypto: FieldCrypto;
  config: Config;
  /** The time, injectable so tests can run a case's SLA clock forward; Date.now when absent. */
  now?: () => number;
};

export const nowOf = (ctx: Ctx) => (ctx.now ? ctx.now() : Date.now());

export const newId = () => crypto.randomUUID();
