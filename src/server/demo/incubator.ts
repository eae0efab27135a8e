import type { Ctx } from '../platform/context.js';
import type { Tx } from '../platform/db.js';

/** Demo data for the incubator area (issue 6); filled in by that area's work. */
export async function seedIncubator(_ctx: Ctx, _tx: Tx, _now: number, _passwordHash: string): Promise<void> {}
