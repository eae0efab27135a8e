import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { testApp, type TestApp } from '../../../../tests/helpers/app.js';
import { demoStaff } from '../../demo/seed.js';

let t: TestApp;
let didi: Record<string, string>;
let t3: Record<string, string>;
before(async () => {
  t = await testApp({ workers: 4 });
  const admin = await t.login(demoStaff.find((s) => s.roles.some((r) => r.role === 'admin'))!.phone);
  const key = async (platformCode: string) => (await t.app.inject({ method: 'POST', url: '/api/admin/api-keys', headers: { cookie: admin }, payload: { platformCode, label: 'ingest test' } })).json().key as string;
  didi = { authorization: `Bearer ${await key('didi')}` };
  t3 = { authorization: `Bearer ${await key('t3')}` };
});
after(() => t.close());

const header = 'order_id,platform,driver_id,driver_permit_no,plate,city_code,accept_ts,start_ts,finish_ts,fare_paid,driver_pay,distance_m,status';
const line = (id: string, over: Partial<Record<string, string>> = {}) => {
  const o = { order_id: id, platform: 'didi', driver_id: 'd1', driver_permit_no: 'JSZ1', plate: '新A12345', city_code: '650100', accept_ts: '2026-03-01T08:00:00+08:00', start_ts: '2026-03-01T08:03:00+08:00', finish_ts: '2026-03-01T08:30:00+08:00', fare_paid: '3000', driver_pay: '2300', distance_m: '9000', status: 'completed', ...over };
  return header.split(',').map((k) => o[k as keyof typeof o]).join(',');
};
const post = (headers: Record<string, string>, body: string | Buffer, key: string, type = 'text/csv', extra: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: '/api/oversight/orders', headers: { ...headers, 'content-type': type, 'idempotency-key': key, ...extra }, payload: body });
const count = async () => Number((await t.ctx.db.selectFrom('orders').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

test('CSV: valid lines stored once per order, invalid ones answered by line and reason', async () => {
  const body = [header, line('a1'), line('a2', { accept_ts: '2026-03-01T08:00:00' }), line('a3', { finish_ts: '2026-03-01T07:00:00+08:00' }), line('a4', { fare_paid: '-5' }), line('a5', { platform: 't3' }), 'a6,didi,broken', line('a1'), line('a7', { status: 'cancelled' })].join('\n');
  const res = await post(didi, body, 'k-1');
  assert.equal(res.statusCode, 200, res.body);
  const a = res.json();
  assert.equal(a.stored, 2); // a1 and a7 (a1's repeat is a duplicate)
  assert.equal(a.duplicates, 1);
  assert.deepEqual(
    a.problems.map((p: { line: number; field: string; reason: string }) => [p.line, p.field, p.reason]),
    [
      [3, 'accept_ts', 'timestamp_needs_offset'],
      [4, 'finish_ts', 'before_accept'],
      [5, 'fare_paid', 'negative'],
      [6, 'platform', 'other_platform'],
      [7, '', 'wrong_number_of_fields'],
    ],
  );
  assert.equal(await count(), 2);
  // The same body again with a new key: nothing new.
  const again = (await post(didi, body, 'k-2')).json();
  assert.equal(again.stored, 0);
  assert.equal(again.duplicates, 3);
  assert.equal(await count(), 2);
});

test('Idempotency-Key: the same key and body answer the first answer; another body is 422; a missing key 400', async () => {
  const body = [header, line('b1'), line('b2')].join('\n');
  const first = await post(didi, body, 'k-idem');
  const second = await post(didi, body, 'k-idem');
  assert.equal(second.statusCode, 200);
  assert.equal(second.headers['idempotent-replayed'], 'true');
  assert.deepEqual(second.json(), first.json());
  const other = await post(didi, [header, line('b3')].join('\n'), 'k-idem');
  assert.equal(other.statusCode, 422);
  assert.equal(other.json().error.details[0].code, 'key_reused');
  assert.equal((await post(didi, body, '')).statusCode, 400);
  // Keys are per platform: t3 may use the same key.
  const t3res = await post(t3, [header, line('b1', { platform: 't3' })].join('\n'), 'k-idem');
  assert.equal(t3res.statusCode, 200);
  assert.equal(t3res.json().stored, 1);
});

test('a second request with the key while the first is being stored gets 409', async () => {
  const big = [header, ...Array.from({ length: 20_000 }, (_, i) => line(`c${i}`))].join('\n');
  const [x, y] = await Promise.all([post(didi, big, 'k-race'), post(didi, big, 'k-race')]);
  const codes = [x.statusCode, y.statusCode].sort();
  assert.ok(codes[0] === 200 && (codes[1] === 409 || codes[1] === 200), `got ${codes}`);
  if (codes[1] === 409) assert.equal((x.statusCode === 409 ? x : y).json().error.details[0].code, 'in_flight');
  assert.equal(await t.ctx.db.selectFrom('orders').select('order_id').where('order_id', 'like', 'c%').execute().then((r) => r.length), 20_000);
});

test('a claim left in flight by a killed server process does not block the retry (no 409 for 15 minutes)', async () => {
  const body = [header, line('e1'), line('e2')].join('\n');
  const sha = (await import('node:crypto')).createHash('sha256').update(body).digest('hex');
  // What a process SIGKILLed between its claim and its store leaves behind (tests/hardening/ingest-kills).
  await t.ctx.db.insertInto('order_ingests').values({ id: crypto.randomUUID(), platform: 'didi', idempotency_key: 'k-orphan', body_sha256: sha, status: 'in_flight', lines: 0, stored: 0, duplicates: 0, rejected: 0, response: JSON.stringify({ inFlightBy: 'an-earlier-life' }), key_id: null, created_at: Date.now(), finished_at: null }).execute();
  const res = await post(didi, body, 'k-orphan');
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.json().stored, 2);
  assert.equal((await post(didi, body, 'k-orphan')).headers['idempotent-replayed'], 'true');
});

test('NDJSON and gzip; wrong type 415; a CSV without the columns 422 and nothing stored', async () => {
  const nd = [JSON.stringify({ order_id: 'd1', platform: 'didi', driver_id: 'x', plate: '新A1', city_code: '650100', accept_ts: '2026-03-02T08:00:00Z', start_ts: '2026-03-02T08:01:00Z', finish_ts: '2026-03-02T08:20:00Z', fare_paid: 2000, driver_pay: 1500, distance_m: 5000, status: 'completed' }), '{not json'].join('\n');
  const res = await post(didi, zlib.gzipSync(nd), 'k-nd', 'application/x-ndjson', { 'content-encoding': 'gzip' });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.json().stored, 1);
  assert.deepEqual(res.json().problems, [{ line: 2, field: '', reason: 'malformed_json' }]);
  assert.equal((await post(didi, 'x', 'k-type', 'text/plain')).statusCode, 415);
  const before = await count();
  const bad = await post(didi, 'order_id,platform\nz1,didi', 'k-head');
  assert.equal(bad.statusCode, 422);
  assert.equal(await count(), before);
  // The key is free again after a refused body.
  assert.equal((await post(didi, [header, line('e1')].join('\n'), 'k-head')).statusCode, 200);
});

test('only a platform key sends orders', async () => {
  const res = await t.app.inject({ method: 'POST', url: '/api/oversight/orders', headers: { 'content-type': 'text/csv', 'idempotency-key': 'x' }, payload: header });
  assert.equal(res.statusCode, 401);
});
