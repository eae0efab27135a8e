// The pure rules: stage transitions, overlapping bookings, what counts as incubated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { enterpriseStages, type EnterpriseStage } from '../../../shared/incubator.js';
import { everIncubated, mayMove, overlaps } from './incubator.js';
import { ProductIndex, type ProductEntry } from './product.index.js';

test('stage transitions: exactly the table', () => {
  const allowed: [EnterpriseStage, EnterpriseStage][] = [
    ['applying', 'incubating'],
    ['applying', 'exited'],
    ['incubating', 'graduated'],
    ['incubating', 'exited'],
  ];
  for (const from of enterpriseStages)
    for (const to of enterpriseStages) assert.equal(mayMove(from, to), allowed.some(([a, b]) => a === from && b === to), `${from} → ${to}`);
});

test('bookings overlap when they share a day; open ends run for ever', () => {
  assert.equal(overlaps({ startsOn: '2026-01-01', endsOn: '2026-01-31' }, { startsOn: '2026-01-31', endsOn: null }), true);
  assert.equal(overlaps({ startsOn: '2026-01-01', endsOn: '2026-01-31' }, { startsOn: '2026-02-01', endsOn: null }), false);
  assert.equal(overlaps({ startsOn: '2026-03-01', endsOn: null }, { startsOn: '2026-01-01', endsOn: '2026-02-28' }), false);
  assert.equal(overlaps({ startsOn: '2026-03-01', endsOn: null }, { startsOn: '2027-01-01', endsOn: null }), true);
});

test('incubated so far: incubating, graduated, or exited after entering', () => {
  assert.equal(everIncubated({ stage: 'incubating', entered_on: '2026-01-01' }), true);
  assert.equal(everIncubated({ stage: 'graduated', entered_on: '2024-01-01' }), true);
  assert.equal(everIncubated({ stage: 'exited', entered_on: '2024-01-01' }), true);
  assert.equal(everIncubated({ stage: 'exited', entered_on: null }), false);
  assert.equal(everIncubated({ stage: 'applying', entered_on: null }), false);
});

const entry = (id: string, over: Partial<ProductEntry>): ProductEntry => ({
  id,
  orgId: 'o',
  name: '',
  nameUg: '',
  nameEn: '',
  supplier: 's',
  category: 'fresh_fruit',
  origin: 'bayingolin',
  originPlace: '',
  priceFen: 1000,
  commissionFen: 100,
  stock: 1,
  rating: null,
  checkResult: null,
  checkedOn: null,
  active: true,
  updatedAt: 0,
  ...over,
});

test('the n-gram index: single characters, pairs, several terms, renames and every sort', () => {
  const ix = new ProductIndex([
    entry('a', { name: '库尔勒香梨 礼盒装', nameEn: 'Korla fragrant pear', priceFen: 5000, rating: 48, updatedAt: 1 }),
    entry('b', { name: '若羌红枣', nameUg: 'چاقىلىق قىزىل چىلان', priceFen: 3000, rating: 40, updatedAt: 2 }),
    entry('c', { name: '香梨干', priceFen: 2000, rating: null, updatedAt: 3 }),
  ]);
  const ids = (q: Parameters<ProductIndex['search']>[0]) => ix.search(q).items.map((e) => e.id);
  assert.deepEqual(ids({ q: '梨', offset: 0, limit: 10, sort: 'price_asc' }), ['c', 'a']);
  assert.deepEqual(ids({ q: '香梨', offset: 0, limit: 10 }), ['c', 'a'], 'a name starting with the term first');
  assert.deepEqual(ids({ q: 'PEAR korla', offset: 0, limit: 10 }), ['a']);
  assert.deepEqual(ids({ q: 'قىزىل', offset: 0, limit: 10 }), ['b']);
  assert.deepEqual(ids({ q: '梨枣', offset: 0, limit: 10 }), []);
  assert.deepEqual(ids({ offset: 0, limit: 10, sort: 'rating_desc' }), ['a', 'b', 'c']);
  assert.deepEqual(ids({ offset: 1, limit: 1, sort: 'price_desc' }), ['b']);
  ix.upsert(entry('b', { name: '若羌灰枣 香梨味', priceFen: 3000, rating: 40, updatedAt: 4 }));
  assert.deepEqual(ids({ q: '香梨', offset: 0, limit: 10, sort: 'price_asc' }), ['c', 'b', 'a']);
  assert.deepEqual(ids({ q: '红枣', offset: 0, limit: 10 }), [], 'the old name no longer matches');
  assert.equal(ix.search({ q: '梨', offset: 0, limit: 1 }).total, 3);
});

test('the index on many hits walks its pre-sorted orders and agrees with a plain sort', () => {
  const es = Array.from({ length: 10_000 }, (_, i) => entry(`p${i}`, { name: `香梨 ${i % 97}`, priceFen: (i * 7919) % 10_007, rating: i % 51, updatedAt: i, stock: i % 3 }));
  const ix = new ProductIndex(es);
  for (const sort of ['price_asc', 'price_desc', 'rating_desc', 'newest', 'commission_desc'] as const) {
    const got = ix.search({ q: '梨', inStock: true, sort, offset: 20, limit: 10 }).items.map((e) => e.id);
    const key = (e: ProductEntry) => (sort === 'price_asc' ? e.priceFen : sort === 'price_desc' ? -e.priceFen : sort === 'rating_desc' ? -(e.rating ?? -1) : sort === 'newest' ? -e.updatedAt : -e.commissionFen);
    const want = es
      .map((e, i) => ({ e, i }))
      .filter(({ e }) => e.stock > 0)
      .sort((a, b) => key(a.e) - key(b.e) || (sort === 'newest' ? b.i - a.i : a.i - b.i))
      .slice(20, 30)
      .map(({ e }) => e.id);
    assert.deepEqual(got, want, sort);
  }
});
