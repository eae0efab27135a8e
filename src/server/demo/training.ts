import type { Ctx } from '../platform/context.js';
import type { Tx } from '../platform/db.js';

/** Demo data for the training area (issue 6); filled in by that area's work. */
export async function seedTraining(_ctx: Ctx, _tx: Tx, _now: number, _passwordHash: string): Promise<void> {}
