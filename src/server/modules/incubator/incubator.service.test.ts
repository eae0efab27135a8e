// Enterprises, spaces, stock, the library's search and shortlists against a freshly migrated and
// seeded database (SQLite, or PostgreSQL with DATABASE_URL).
import { test, before, after } from 'node:test';

import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../../../../tests/helpers/app.js';

import { demoOrgs } from '../../demo/seed.js';

import { DEMO_INCUBATED, demoIncubator } from '../../demo/incubator.js';

import type { Principal } from '../../platform/access.js';
import { AppError } from '../../platform/errors.js';

import { systemActor } from '../../platform/audit.js';

import { addDays } from './incubator.js';
import * as svc from './incubator.service.js';
import * as products from './products.service.js';
import { beijingDay } from '../../platform/time.js';

let t: TestApp;
const manager: Principal = { kind: 'user', userId: '', name: '赵文博', roles: [{ role: 'incubator_manager', orgId: demoOrgs.korlaIncubator }], isStaff: true, sessionHash: '' };
const today = beijingDay(Date.now());

before(async () => {
  t = await testApp({ workers: 5 });
  const u = await t.ctx.db.selectFrom('users').select('id').where('phone_last4', '=', '0006').executeTakeFirstOrThrow();
  (manager as { userId: string }).userId = u.id;
});
after(() => t.close());

const refusal = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof AppError, String(e));
    return { status: e.status, path: e.details[0]?.path, code: e.details[0]?.code };
  }
  assert.fail('expected a refusal');
};
const count = async (table: 'products' | 'incubator_space_assignments' | 'audit_log', where?: [string, string]) => {
  let q = t.ctx.db.selectFrom(table as 'products').select((eb) => eb.fn.countAll<number>().as('n'));
  if (where) q = q.where(where[0] as 'id', '=', where[1]);
  return Number((await q.executeTakeFirstOrThrow()).n);
};
const search = (s: Partial<products.SearchInput>) => products.searchProducts(t.ctx, manager, { sort: 'relevance', page: 1, pageSize: 50, ...s });

test('the demo base: 246 incubated so far, 112 incubating now, 300+ products', async () => {
  const f = await svc.figures(t.ctx, manager);
  assert.equal(f.incubatedSoFar, 246);
  assert.equal(f.incubatingNow, DEMO_INCUBATED.incubating);
  assert.equal(f.byStage.applying, DEMO_INCUBATED.applying);
  assert.equal(f.byStage.exited, DEMO_INCUBATED.exitedAfter + DEMO_INCUBATED.exitedBefore);
  assert.ok(f.products.total >= 300);
  assert.equal(Object.values(f.bySector).reduce((a, s) => a + s.incubatedSoFar, 0), 246);
});

test('stage moves: the table is enforced with 409, dates are set, and figures follow', async () => {
  const e = await svc.createEnterprise(t.ctx, manager, { name: '测试直播工作室', sector: 'live_selling', foundedOn: addDays(today, -30) }, systemActor);
  assert.equal(e.stage, 'applying');
  assert.deepEqual(e.nextStages, ['incubating', 'exited']);
  assert.deepEqual(await refusal(svc.moveStage(t.ctx, manager, e.id, 'graduated', undefined, systemActor)), { status: 409, path: 'stage', code: 'bad_transition' });
  assert.deepEqual(await refusal(svc.moveStage(t.ctx, manager, e.id, 'incubating', addDays(today, -40), systemActor)), { status: 400, path: 'on', code: 'too_early' });
  const before = await svc.figures(t.ctx, manager);
  const moved = await svc.moveStage(t.ctx, manager, e.id, 'incubating', undefined, systemActor);
  assert.equal(moved.enteredOn, today);
  const after1 = await svc.figures(t.ctx, manager);
  assert.deepEqual([after1.incubatedSoFar, after1.incubatingNow], [before.incubatedSoFar + 1, before.incubatingNow + 1]);
  const grad = await svc.moveStage(t.ctx, manager, e.id, 'graduated', undefined, systemActor);
  assert.equal(grad.graduatedOn, today);
  assert.deepEqual(await refusal(svc.moveStage(t.ctx, manager, e.id, 'incubating', undefined, systemActor)), { status: 409, path: 'stage', code: 'bad_transition' });
  // Two simultaneous admissions of one applicant: one wins, the other is told it may not.
  const f = await svc.createEnterprise(t.ctx, manager, { name: '并发测试企业', sector: 'crafts' }, systemActor);
  const rs = await Promise.allSettled([svc.moveStage(t.ctx, manager, f.id, 'incubating', undefined, systemActor), svc.moveStage(t.ctx, manager, f.id, 'incubating', undefined, systemActor)]);
  assert.equal(rs.filter((r) => r.status === 'fulfilled').length, 1);
});

test('another base’s manager sees a 404, never the enterprise', async () => {
  const other: Principal = { ...manager, roles: [{ role: 'incubator_manager', orgId: demoOrgs.korlaSchool }] } as Principal;
  assert.deepEqual(await refusal(svc.enterpriseDetail(t.ctx, other, demoIncubator.creatorEnterprise)), { status: 404, path: undefined, code: undefined });
  assert.deepEqual(await refusal(products.productDetail(t.ctx, other, demoIncubator.pearProduct)), { status: 404, path: undefined, code: undefined });
  assert.deepEqual(await refusal(svc.teamDetail(t.ctx, other, demoIncubator.creatorTeam)), { status: 404, path: undefined, code: undefined });
});

test('a space is never booked for two enterprises on one day, even when asked at once', async () => {
  const space = await svc.createSpace(t.ctx, manager, { code: 'T-01', kind: 'room', areaM2: 30 }, systemActor);
  const es = [];
  for (let i = 0; i < 6; i++) {
    const e = await svc.createEnterprise(t.ctx, manager, { name: `订位测试 ${i}`, sector: 'other' }, systemActor);
    await svc.moveStage(t.ctx, manager, e.id, 'incubating', undefined, systemActor);
    es.push(e);
  }
  const start = addDays(today, 10);
  const rs = await Promise.allSettled(es.map((e) => svc.assignSpace(t.ctx, manager, e.id, { spaceId: space.id, startsOn: start, endsOn: addDays(start, 100), rentFreeUntil: addDays(start, 30) }, systemActor)));
  assert.equal(rs.filter((r) => r.status === 'fulfilled').length, 1);
  for (const r of rs.filter((x): x is PromiseRejectedResult => x.status === 'rejected')) {
    assert.ok(r.reason instanceof AppError);
    assert.equal(r.reason.status, 409);
    assert.equal(r.reason.details[0]?.code, 'space_taken');
  }
  assert.equal(await count('incubator_space_assignments', ['space_id', space.id]), 1);
  const winner = es[rs.findIndex((r) => r.status === 'fulfilled')]!;
  const loser = es.find((e) => e.id !== winner.id)!;
  // Right after it: fine. Overlapping by a day: no. A rent-free period outside the booking: 400.
  await svc.assignSpace(t.ctx, manager, loser.id, { spaceId: space.id, startsOn: addDays(start, 101) }, systemActor);
  assert.equal((await refusal(svc.assignSpace(t.ctx, manager, es[2]!.id, { spaceId: space.id, startsOn: addDays(start, -5), endsOn: start }, systemActor))).code, 'space_taken');
  assert.deepEqual(await refusal(svc.assignSpace(t.ctx, manager, es[2]!.id, { spaceId: space.id, startsOn: addDays(start, -50), endsOn: addDays(start, -20), rentFreeUntil: addDays(start, -10) }, systemActor)), {
    status: 400,
    path: 'rentFreeUntil',
    code: 'outside_period',
  });
});

const newProduct = (over: Partial<products.ProductInput> = {}) =>
  products.createProduct(t.ctx, manager, { name: '测试 库尔勒香梨', supplier: '测试合作社', category: 'fresh_fruit', origin: 'bayingolin', priceFen: 5000, commissionFen: 500, stock: 10, ...over }, systemActor);

test('a commission above the price is refused with 400 and nothing is written', async () => {
  const n = await count('products');
  const audits = await count('audit_log');
  assert.deepEqual(await refusal(newProduct({ priceFen: 1000, commissionFen: 1001 })), { status: 400, path: 'commissionFen', code: 'above_price' });
  assert.equal(await count('products'), n);
  assert.equal(await count('audit_log'), audits);
  const p = await newProduct({ priceFen: 1000, commissionFen: 1000 });
  assert.deepEqual(await refusal(products.updateProduct(t.ctx, manager, p.product.id, { priceFen: 999 }, systemActor)), { status: 400, path: 'commissionFen', code: 'above_price' });
  assert.equal((await products.productDetail(t.ctx, manager, p.product.id)).product.priceFen, 1000);
});

test('stock under simultaneous updates: never negative, every accepted change counted', async () => {
  const { product } = await newProduct({ stock: 10 });
  const rs = await Promise.allSettled(Array.from({ length: 25 }, () => products.adjustStock(t.ctx, manager, product.id, -1, 'sold', systemActor)));
  assert.equal(rs.filter((r) => r.status === 'fulfilled').length, 10);
  for (const r of rs.filter((x): x is PromiseRejectedResult => x.status === 'rejected')) assert.equal((r.reason as AppError).details[0]?.code, 'insufficient_stock');
  assert.equal((await products.productDetail(t.ctx, manager, product.id)).product.stock, 0);
  await Promise.all(Array.from({ length: 7 }, () => products.adjustStock(t.ctx, manager, product.id, 3, 'restock', systemActor)));
  assert.equal((await products.productDetail(t.ctx, manager, product.id)).product.stock, 21);
  const found = await search({ q: '测试 库尔勒', inStock: true });
  assert.equal(found.items.find((i) => i.id === product.id)?.stock, 21, 'the search sees the new stock');
});

test('search: text in Chinese, Uyghur and English, each filter, sorting and paging', async () => {
  const all = await search({ q: '香梨', pageSize: 50 });
  assert.ok(all.total >= 10);
  assert.ok(all.items.every((i) => i.name.includes('香梨')));
  const en = await search({ q: 'Fragrant PEAR' });
  const enRows = await t.ctx.db.selectFrom('products').select('id').where('org_id', '=', demoOrgs.korlaIncubator).where('name_en', 'like', '%fragrant pear%').execute();
  assert.ok(en.total > 0 && en.total === enRows.length && en.items.every((i) => i.nameEn.toLowerCase().includes('fragrant pear')));
  const ug = await search({ q: 'نەشپۈتى' });
  assert.ok(ug.total > 0 && ug.items.every((i) => i.nameUg.includes('نەشپۈتى')));
  const filtered = await search({ q: '枣', category: 'dried_fruit', origin: 'bayingolin', priceMin: 3000, priceMax: 9000, commissionMin: 200, inStock: true, passed: true, ratingMin: 3.5, sort: 'price_asc' });
  for (const i of filtered.items) {
    assert.ok(i.name.includes('枣') && i.category === 'dried_fruit' && i.origin === 'bayingolin');
    assert.ok(i.priceFen >= 3000 && i.priceFen <= 9000 && i.commissionFen >= 200 && i.stock > 0 && i.checkResult === 'pass' && (i.rating ?? 0) >= 3.5);
  }
  const prices = filtered.items.map((i) => i.priceFen);
  assert.deepEqual(prices, [...prices].sort((a, b) => a - b));
  // The same filters checked against the table directly.
  const rows = await t.ctx.db
    .selectFrom('products')
    .select('id')
    .where('org_id', '=', demoOrgs.korlaIncubator)
    .where('is_active', '=', 1)
    .where('name', 'like', '%枣%')
    .where('category', '=', 'dried_fruit')
    .where('origin', '=', 'bayingolin')
    .where('price_fen', '>=', 3000)
    .where('price_fen', '<=', 9000)
    .where('commission_fen', '>=', 200)
    .where('stock', '>', 0)
    .where('check_result', '=', 'pass')
    .where('rating', '>=', 35)
    .execute();
  assert.equal(filtered.total, rows.length);
  const page1 = await search({ sort: 'commission_desc', pageSize: 7 });
  const page2 = await search({ sort: 'commission_desc', pageSize: 7, page: 2 });
  assert.equal(page1.items.length, 7);
  assert.ok(page1.items.at(-1)!.commissionFen >= page2.items[0]!.commissionFen);
  assert.ok(!page1.items.some((i) => page2.items.some((j) => j.id === i.id)));
  assert.deepEqual(await refusal(search({ priceMin: 500, priceMax: 100 })), { status: 400, path: 'priceMax', code: 'inverted_range' });
  assert.equal((await search({ q: '不存在的商品名' })).total, 0);
});

test('a product failing its latest check cannot be shortlisted; passing again makes it shortlistable', async () => {
  const { product } = await newProduct({ name: '质检测试红枣' });
  await products.recordCheck(t.ctx, manager, product.id, { result: 'fail', inspector: '品控组', note: '含水量超标' }, systemActor);
  const streamOn = addDays(today, 3);
  assert.deepEqual(await refusal(svc.shortlist(t.ctx, manager, demoIncubator.creatorTeam, { productId: product.id, streamOn }, systemActor)), { status: 409, path: 'productId', code: 'failed_quality_check' });
  assert.equal((await search({ q: '质检测试', passed: true })).total, 0);
  await products.recordCheck(t.ctx, manager, product.id, { result: 'pass', inspector: '品控组' }, systemActor);
  assert.equal((await search({ q: '质检测试', passed: true })).total, 1);
  await svc.shortlist(t.ctx, manager, demoIncubator.creatorTeam, { productId: product.id, streamOn, note: '第二场' }, systemActor);
  assert.equal((await refusal(svc.shortlist(t.ctx, manager, demoIncubator.creatorTeam, { productId: product.id, streamOn }, systemActor))).code, 'already_shortlisted');
  const team = await svc.teamDetail(t.ctx, manager, demoIncubator.creatorTeam);
  const row = team.shortlist.find((s) => s.productId === product.id)!;
  assert.deepEqual([row.commissionFen, row.stock, row.streamOn], [500, 10, streamOn]);
});

test('the entrepreneur sees their enterprise and team; a stranger sees nothing of the team', async () => {
  const u = await t.ctx.db.selectFrom('users').select(['id', 'name']).where('phone_hash', '=', t.ctx.crypto.lookupHash('13800000003')).executeTakeFirstOrThrow();
  const me: Principal = { kind: 'user', userId: u.id, name: u.name, roles: [{ role: 'worker', orgId: '' }], isStaff: false, sessionHash: '' };
  const mine = await svc.myEnterprises(t.ctx, me);
  assert.equal(mine.items.length, 1);
  assert.equal(mine.items[0]!.enterprise.stage, 'incubating');
  assert.ok(mine.items[0]!.founders.some((f) => f.isLead && f.name === u.name));
  assert.ok(mine.items[0]!.enterprise.foundedOn! >= addDays(today, -730));
  assert.equal((await svc.teamDetail(t.ctx, me, demoIncubator.creatorTeam)).team.name, '梨城好物直播团');
  const stranger: Principal = { ...me, userId: manager.kind === 'user' ? '00000000-0000-4000-8000-0000000000ff' : '' } as Principal;
  assert.equal((await refusal(svc.teamDetail(t.ctx, stranger, demoIncubator.creatorTeam))).status, 404);
});

test('a change made by another server process (a version this one has not seen) reaches the search after the recheck interval', async () => {
  const { product } = await newProduct({ name: '跨进程测试核桃', stock: 5 });
  assert.equal((await search({ q: '跨进程测试' })).items[0]?.stock, 5);
  // Another process: the row and the library's version change without this process's patch.
  await t.ctx.db.transaction().execute(async (tx) => {
    await tx.updateTable('products').set({ stock: 77, name: '跨进程测试核桃 新名' }).where('id', '=', product.id).execute();
    await tx.updateTable('product_library_versions').set((eb) => ({ version: eb('version', '+', 1) })).where('org_id', '=', demoOrgs.korlaIncubator).execute();
  });
  await new Promise((r) => setTimeout(r, products.RECHECK_MS + 50));
  const after = await search({ q: '新名' });
  assert.equal(after.total, 1);
  assert.equal(after.items[0]!.stock, 77);
});
