import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freshDb } from '../../../tests/helpers/db.js';
import { batched, insertRows, isAnyOf, Rejected } from './db.js';

const org = (id: string) => ({ id, kind: 'union', name: id, union_kind: null, short_code: null, city_code: null, founded_on: null, created_at: 0 });

test('batched writer: items arriving together share one transaction; a refused or failing item fails alone', async () => {
  const h = await freshDb();
  try {
    const sizes: number[] = [];
    const write = batched(async (tx, ids: string[]) => {
      sizes.push(ids.length);
      const keep = ids.filter((id) => id !== 'refused');
      await insertRows(tx, 'orgs', keep.map(org));
      return ids.map((id) => (id === 'refused' ? new Rejected(new Error('no')) : `made ${id}`));
    });
    const results = await Promise.allSettled(['a', 'refused', 'b', 'a' /* duplicate key: the batch fails, then each alone */, 'c'].map((id) => write(h.db, id)));
    assert.deepEqual(
      results.map((r) => (r.status === 'fulfilled' ? r.value : 'rejected')),
      ['made a', 'rejected', 'made b', 'rejected', 'made c'],
    );
    assert.equal(sizes[0], 5, 'the five arrived together and were tried as one batch');
    const ids = (await h.db.selectFrom('orgs').select('id').where(isAnyOf(h.db, 'id', ['a', 'b', 'c', 'refused'])).orderBy('id').execute()).map((r) => r.id);
    assert.deepEqual(ids, ['a', 'b', 'c']);
    // A later batch starts afresh.
    assert.equal(await write(h.db, 'd'), 'made d');
  } finally {
    await h.close();
  }
});

test('insertRows writes many rows of one shape, past the parameter limit', async () => {
  const h = await freshDb();
  try {
    const rows = Array.from({ length: 5000 }, (_, i) => org(`o${i}`)); // 8 columns × 5,000 = 40,000 values
    await h.db.transaction().execute((tx) => insertRows(tx, 'orgs', rows));
    const n = await h.db.selectFrom('orgs').select((eb) => eb.fn.countAll<number>().as('n')).where('id', 'like', 'o%').executeTakeFirstOrThrow();
    assert.equal(Number(n.n), 5000);
  } finally {
    await h.close();
  }
});
