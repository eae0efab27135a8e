import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freshDb } from '../../../tests/helpers/db.js';
import { inGroupCommit } from './db.js';

test('group commit: writers share a commit; one writer’s failure undoes only its own rows', async () => {
  const h = await freshDb();
  try {
    const org = (id: string) => ({ id, kind: 'union', name: id, union_kind: null, short_code: null, city_code: null, founded_on: null, created_at: 0 });
    const results = await Promise.allSettled([
      inGroupCommit(h.db, (tx) => tx.insertInto('orgs').values(org('a')).execute()),
      inGroupCommit(h.db, async (tx) => {
        await tx.insertInto('orgs').values(org('b')).execute();
        throw new Error('b changes its mind');
      }),
      inGroupCommit(h.db, (tx) => tx.insertInto('orgs').values(org('a')).execute()), // duplicate key: fails alone
      inGroupCommit(h.db, async (tx) => {
        await tx.insertInto('orgs').values(org('c')).execute();
        return 'c';
      }),
    ]);
    assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    assert.equal((results[3] as PromiseFulfilledResult<string>).value, 'c');
    const ids = (await h.db.selectFrom('orgs').select('id').orderBy('id').execute()).map((r) => r.id);
    assert.deepEqual(ids, ['a', 'c']);
    // A later group starts afresh.
    await inGroupCommit(h.db, (tx) => tx.insertInto('orgs').values(org('d')).execute());
    assert.equal((await h.db.selectFrom('orgs').select('id').where('id', '=', 'd').execute()).length, 1);
  } finally {
    await h.close();
  }
});
