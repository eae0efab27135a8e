import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, type TestApp } from '../../../../tests/helpers/app.js';
import { demoOrgs } from '../../demo/seed.js';

let t: TestApp;
before(async () => {
  t = await testApp({ workers: 10 });
});
after(() => t.close());

// A point in central Changji, a few hundred metres from both article stations.
const changji = { lat: 44.012, lng: 87.302 };
const get = (url: string, cookie = '') => t.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
type Item = { id: string; name: string; distanceM: number; openNow: boolean; amenities: string[]; services: string[] };

test('nearby: nearest first with distance in metres; filters by amenity and service', async () => {
  const res = await get(`/api/stations/nearby?lat=${changji.lat}&lng=${changji.lng}&limit=5`);
  assert.equal(res.statusCode, 200, res.body);
  const items: Item[] = res.json().items;
  assert.equal(items.length, 5);
  for (let i = 1; i < items.length; i++) assert.ok(items[i]!.distanceM >= items[i - 1]!.distanceM, 'sorted by distance');
  const ninghe = items.find((s) => s.id === demoOrgs.ningheStation);
  assert.ok(ninghe, 'an article station is among the nearest');
  // Haversine by hand: Ninghe (44.0052, 87.2951) from (44.012, 87.302) is about 933 m.
  assert.ok(Math.abs(ninghe!.distanceM - 933) < 15, String(ninghe!.distanceM));
  const umbrellas: Item[] = (await get(`/api/stations/nearby?lat=${changji.lat}&lng=${changji.lng}&amenity=umbrellas,air_pump`)).json().items;
  assert.ok(umbrellas.length > 0 && umbrellas.every((s) => s.amenities.includes('umbrellas') && s.amenities.includes('air_pump')));
  const meals: Item[] = (await get(`/api/stations/nearby?lat=${changji.lat}&lng=${changji.lng}&service=meals`)).json().items;
  assert.ok(meals.some((s) => s.id === demoOrgs.guangchangStation));
  assert.ok(meals.every((s) => s.services.includes('meals')));
  const within: Item[] = (await get(`/api/stations/nearby?lat=${changji.lat}&lng=${changji.lng}&radiusKm=1&limit=50`)).json().items;
  assert.ok(within.every((s) => s.distanceM <= 1000));
});

test('openNow follows the station hours, closures and the station local time', async () => {
  const admin = await t.login('13900000009');
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/stations',
    headers: { cookie: admin },
    payload: {
      name: '测试驿站（已闭馆）',
      operatorKind: 'community',
      operatorName: '测试社区',
      address: '测试路1号',
      cityCode: '652301',
      districtCode: '652301003',
      lat: 44.0121,
      lng: 87.3021,
      amenities: ['hot_water'],
      hours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '00:00', closes: '24:00' })),
    },
  });
  assert.equal(created.statusCode, 201, created.body);
  const id = created.json().station.id;
  let first: Item = (await get(`/api/stations/nearby?lat=44.0121&lng=87.3021&limit=1`)).json().items[0];
  assert.equal(first.id, id, 'a new station is found at once');
  assert.equal(first.openNow, true);
  // Close it today (station local date) and it drops out of openNow results.
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const operator = await t.login('13900000001');
  assert.equal((await t.app.inject({ method: 'PATCH', url: `/api/stations/${id}`, headers: { cookie: operator }, payload: { exceptions: [{ date: today, closed: true }] } })).statusCode, 404, 'not this operator’s station');
  const closed = await t.app.inject({ method: 'PATCH', url: `/api/stations/${id}`, headers: { cookie: admin }, payload: { exceptions: [{ date: today, closed: true, note: '停电' }] } });
  assert.equal(closed.statusCode, 200, closed.body);
  assert.equal(closed.json().station.today.openNow, false);
  assert.equal(closed.json().station.today.exception, '停电');
  first = (await get(`/api/stations/nearby?lat=44.0121&lng=87.3021&limit=1`)).json().items[0];
  assert.equal(first.id, id);
  assert.equal(first.openNow, false);
  const open: Item[] = (await get(`/api/stations/nearby?lat=44.0121&lng=87.3021&limit=3&openNow=true`)).json().items;
  assert.ok(open.every((s) => s.id !== id && s.openNow));
});

test('an operator edits their own station; the change shows in nearby at once', async () => {
  const operator = await t.login('13900000001');
  const res = await t.app.inject({
    method: 'PATCH',
    url: `/api/stations/${demoOrgs.guangchangStation}`,
    headers: { cookie: operator },
    payload: { amenities: ['hot_water', 'umbrellas', 'microwave'], hours: [{ weekday: 1, opens: '07:00', closes: '12:00' }, { weekday: 1, opens: '13:00', closes: '22:00' }] },
  });
  assert.equal(res.statusCode, 200, res.body);
  assert.deepEqual(res.json().station.hours, [
    { weekday: 1, opens: '07:00', closes: '12:00' },
    { weekday: 1, opens: '13:00', closes: '22:00' },
  ]);
  const found: Item[] = (await get(`/api/stations/nearby?lat=44.0191&lng=87.3082&limit=1&amenity=microwave`)).json().items;
  assert.equal(found[0]?.id, demoOrgs.guangchangStation);
  // Moving it rebuilds the index.
  const moved = await t.app.inject({ method: 'PATCH', url: `/api/stations/${demoOrgs.guangchangStation}`, headers: { cookie: operator }, payload: { lat: 44.05, lng: 87.35 } });
  assert.equal(moved.statusCode, 200);
  const near: Item[] = (await get(`/api/stations/nearby?lat=44.05&lng=87.35&limit=1`)).json().items;
  assert.equal(near[0]?.id, demoOrgs.guangchangStation);
  assert.ok(near[0]!.distanceM < 5);
});

test('bad input: coordinates, radius, unknown amenity, bad hours — named, nothing half-written', async () => {
  const bad: [string, string, string][] = [
    ['/api/stations/nearby?lat=91&lng=87', 'lat', 'too_long'],
    ['/api/stations/nearby?lng=87', 'lat', 'required'],
    ['/api/stations/nearby?lat=44&lng=87&radiusKm=0', 'radiusKm', 'too_short'],
    ['/api/stations/nearby?lat=44&lng=87&radiusKm=10000', 'radiusKm', 'too_long'],
    ['/api/stations/nearby?lat=44&lng=87&amenity=hot_water,jacuzzi', 'amenity', 'unknown_amenity'],
    ['/api/stations/nearby?lat=abc&lng=87', 'lat', 'invalid_type'],
  ];
  for (const [url, path, code] of bad) {
    const res = await get(url);
    assert.equal(res.statusCode, 400, url);
    const d = res.json().error.details;
    assert.ok(d.some((x: { path: string; code: string }) => x.path === path && x.code === code), `${url}: ${JSON.stringify(d)}`);
  }
  const operator = await t.login('13900000001');
  const before = (await get(`/api/stations/${demoOrgs.ningheStation}`)).json().station;
  const cases: [object, string, string][] = [
    [{ hours: [{ weekday: 2, opens: '08:00', closes: '12:00' }, { weekday: 2, opens: '11:00', closes: '14:00' }] }, 'hours.1', 'overlap'],
    [{ hours: [{ weekday: 2, opens: '22:00', closes: '06:00' }] }, 'hours.0', 'ends_before_start'],
    [{ hours: [{ weekday: 8, opens: '08:00', closes: '09:00' }] }, 'hours.0.weekday', 'too_long'],
    [{ hours: [{ weekday: 2, opens: '8am', closes: '09:00' }] }, 'hours.0.opens', 'invalid_time'],
    [{ exceptions: [{ date: '2026-12-01', closed: false }] }, 'exceptions.0', 'required'],
    [{ amenities: ['sauna'] }, 'amenities.0', 'invalid_value'],
    [{ name: 'x', amenities: ['umbrellas'] }, 'name', 'too_short'],
  ];
  for (const [payload, path, code] of cases) {
    const res = await t.app.inject({ method: 'PATCH', url: `/api/stations/${demoOrgs.ningheStation}`, headers: { cookie: operator }, payload });
    assert.equal(res.statusCode, 400, JSON.stringify(payload));
    assert.ok(res.json().error.details.some((x: { path: string; code: string }) => x.path === path && x.code === code), `${JSON.stringify(payload)}: ${res.body}`);
  }
  const after = (await get(`/api/stations/${demoOrgs.ningheStation}`)).json().station;
  assert.deepEqual(after.hours, before.hours);
  assert.deepEqual(after.amenities, before.amenities);
});

test('station page: today status, hours; search by name and district; 404 for unknown', async () => {
  const res = await get(`/api/stations/${demoOrgs.ningheStation}`);
  assert.equal(res.statusCode, 200);
  const st = res.json().station;
  assert.equal(st.name, '宁和社区暖"新"驿站');
  assert.ok(st.amenities.includes('umbrellas'));
  assert.equal(typeof st.today.openNow, 'boolean');
  assert.equal(st.hours.length, 7);
  const byName = (await get(`/api/stations?q=${encodeURIComponent('宁和')}`)).json();
  assert.equal(byName.items[0].id, demoOrgs.ningheStation);
  const byDistrict = (await get('/api/stations?cityCode=652301&districtCode=652301001&pageSize=100')).json();
  assert.ok(byDistrict.items.some((s: Item) => s.id === demoOrgs.ningheStation));
  assert.ok(byDistrict.items.every((s: { districtCode: string }) => s.districtCode === '652301001'));
  assert.equal((await get('/api/stations/00000000-0000-4000-8000-0000000000ff')).statusCode, 404);
});

test('HSDS export: every station as organization, location, service and weekly schedules', async () => {
  const res = await get('/api/stations/export/hsds');
  assert.equal(res.statusCode, 200);
  const d = res.json();
  assert.equal(d.hsds_version, '3.0');
  const count = (await get('/api/stations?pageSize=1')).json().total;
  assert.equal(d.locations.length, count);
  assert.equal(d.services.length, count);
  const loc = d.locations.find((l: { id: string }) => l.id === `loc-${demoOrgs.ningheStation}`);
  assert.equal(loc.latitude, 44.0052);
  assert.equal(loc.addresses[0].country, 'CN');
  const sched = d.schedules.filter((x: { service_at_location_id: string }) => x.service_at_location_id === `sal-${demoOrgs.ningheStation}`);
  assert.deepEqual(sched.map((x: { byday: string }) => x.byday).sort(), ['FR', 'MO', 'SA', 'SU', 'TH', 'TU', 'WE']);
  assert.equal(sched[0].opens_at, '09:00');
});

test('saving exceptions replaces today’s and later ones only: past exceptions stay as history', async () => {
  const operator = await t.login('13900000001');
  const station = demoOrgs.guangchangStation;
  const day = (n: number) => new Date(Date.now() + 8 * 3600_000 + n * 86_400_000).toISOString().slice(0, 10);
  const row = (date: string, note: string) => ({ station_id: station, date, is_closed: 1, opens_min: null, closes_min: null, note });
  await t.ctx.db.insertInto('station_exceptions').values([row(day(-40), '春节前大扫除'), row(day(-1), '昨天停水'), row(day(2), '旧的安排')]).execute();
  const patch = (exceptions: object[]) => t.app.inject({ method: 'PATCH', url: `/api/stations/${station}`, headers: { cookie: operator }, payload: { exceptions } });
  const stored = async () =>
    (await t.ctx.db.selectFrom('station_exceptions').select(['date', 'note']).where('station_id', '=', station).orderBy('date').execute()).map((e) => `${e.date} ${e.note}`);

  // The editor sends what it shows (today and later); the past is not among it and is kept.
  const res = await patch([{ date: day(0), closed: false, opens: '10:00', closes: '14:00', note: '今天缩短' }, { date: day(3), closed: true, note: '社区活动' }]);
  assert.equal(res.statusCode, 200, res.body);
  assert.deepEqual(
    res.json().station.exceptions.map((e: { date: string; note: string }) => `${e.date} ${e.note}`),
    [`${day(0)} 今天缩短`, `${day(3)} 社区活动`],
    'the public page shows today and later',
  );
  assert.deepEqual(await stored(), [`${day(-40)} 春节前大扫除`, `${day(-1)} 昨天停水`, `${day(0)} 今天缩短`, `${day(3)} 社区活动`]);

  // Clearing the list clears the coming ones only.
  assert.equal((await patch([])).statusCode, 200);
  assert.deepEqual(await stored(), [`${day(-40)} 春节前大扫除`, `${day(-1)} 昨天停水`]);

  // A past date cannot be written (it would sit beside the history): 400 naming the row, nothing changed.
  const past = await patch([{ date: day(5), closed: true }, { date: day(-2), closed: true, note: '补登' }]);
  assert.equal(past.statusCode, 400);
  assert.deepEqual(past.json().error.details.map((d: { path: string; code: string }) => [d.path, d.code]), [['exceptions.1', 'in_past']]);
  assert.deepEqual(await stored(), [`${day(-40)} 春节前大扫除`, `${day(-1)} 昨天停水`]);
});
