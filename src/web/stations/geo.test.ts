import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addDays, amapUrl, baiduUrl, declutter, distanceParts, haversine, niceLength, parseYuan, stationDate, stationTime, stationToday, toMetres, weekdayOf, yuan } from './geo.ts';

test('distances read as a courier says them', () => {
  assert.deepEqual(distanceParts(932), { value: '930', unit: 'm' });
  assert.deepEqual(distanceParts(4), { value: '10', unit: 'm' });
  assert.deepEqual(distanceParts(994), { value: '990', unit: 'm' });
  assert.deepEqual(distanceParts(996), { value: '1', unit: 'km' });
  assert.deepEqual(distanceParts(9_960), { value: '10', unit: 'km' });
  assert.deepEqual(distanceParts(2110), { value: '2.1', unit: 'km' });
  assert.deepEqual(distanceParts(2000), { value: '2', unit: 'km' });
  assert.deepEqual(distanceParts(23_456), { value: '23', unit: 'km' });
});

test('the local projection agrees with the great-circle distance over a city', () => {
  const here = { lat: 44.012, lng: 87.302 };
  const guangchang = { lat: 44.0191, lng: 87.3082 };
  const d = haversine(here, guangchang);
  assert.ok(Math.abs(d - 932) < 5, `haversine ${d}`);
  const m = toMetres(here, guangchang);
  assert.ok(Math.abs(Math.hypot(m.x, m.y) - d) < 2);
  assert.ok(m.x > 0 && m.y > 0, 'north-east of the courier');
});

test('scale bars are 1, 2 or 5 × 10^n metres', () => {
  assert.equal(niceLength(730), 500);
  assert.equal(niceLength(1999), 1000);
  assert.equal(niceLength(2000), 2000);
  assert.equal(niceLength(9), 5);
});

test('money: fen to yuan and back', () => {
  assert.equal(yuan(1500), '¥15.00');
  assert.equal(yuan(5), '¥0.05');
  assert.equal(parseYuan('12.5'), 1250);
  assert.equal(parseYuan('¥9.50'), 950);
  assert.equal(parseYuan(' 12 '), 1200);
  assert.equal(parseYuan('0.07'), 7);
  assert.equal(parseYuan('1.234'), null);
  assert.equal(parseYuan('-3'), null);
  assert.equal(parseYuan('abc'), null);
});

test('dates and times are the station’s (Beijing), whatever the phone’s zone', () => {
  assert.equal(stationToday(Date.parse('2026-11-29T17:00:00Z')), '2026-11-30');
  assert.equal(stationTime('2026-12-01T02:00:00.000Z'), '10:00');
  assert.equal(stationDate('2026-12-01T16:30:00.000Z'), '2026-12-02');
  assert.equal(weekdayOf('2026-11-29'), 7);
  assert.equal(weekdayOf('2026-11-30'), 1);
  assert.equal(addDays('2026-12-31', 1), '2027-01-01');
});

test('map links follow the documented formats', () => {
  const s = { lat: 44.0191, lng: 87.3082, name: '广场社区暖"新"驿站', address: '延安北路' };
  assert.equal(amapUrl(s), `https://uri.amap.com/marker?position=87.3082,44.0191&name=${encodeURIComponent(s.name)}&coordinate=wgs84&callnative=1`);
  assert.equal(baiduUrl(s), `https://api.map.baidu.com/marker?location=44.0191,87.3082&title=${encodeURIComponent(s.name)}&content=${encodeURIComponent('延安北路')}&coord_type=wgs84&output=html&src=nuanxin`);
});

test('pins that would cover each other are pushed apart, and keep where they really are', () => {
  const box = { w: 360, h: 360, pad: 30 };
  const placed = declutter([{ x: 180, y: 180 }, { x: 180, y: 180 }, { x: 185, y: 182 }, { x: 300, y: 60 }], 30, box);
  for (let i = 0; i < placed.length; i++) {
    for (let j = i + 1; j < placed.length; j++) {
      const d = Math.hypot(placed[i]!.x - placed[j]!.x, placed[i]!.y - placed[j]!.y);
      assert.ok(d >= 29.9, `pins ${i} and ${j} are ${d.toFixed(1)} px apart`);
    }
  }
  assert.deepEqual([placed[0]!.atX, placed[0]!.atY, placed[2]!.atX, placed[2]!.atY], [180, 180, 185, 182]);
  // A pin far from the others does not move.
  assert.deepEqual([placed[3]!.x, placed[3]!.y], [300, 60]);
  for (const p of placed) assert.ok(p.x >= 15 && p.x <= 345 && p.y >= 15 && p.y <= 345, 'inside the map');
});
