import type { Config } from './config.js';
import type { Db, DbKind } from './db.js';
import type { FieldCrypto } from './crypto.js';

/** What every service needs; built once at start and passed down. */
export type Ctx = { db: Db; dbKind: DbKind; crypto: FieldCrypto; config: Config };

export const newId = () => crypto.randomUUID();
