import test from 'node:test';
import assert from 'node:assert/strict';
import { distance } from 'geoflatbush';
import { rng, stationSeed } from '../../demo/factories.js';
import { StationIndex, scheduleFrom, type IndexEntry } from './station.index.js';
import { isOpenAt, type Amenity, type Service } from './station.js';

// The index against a brute-force scan of the same stations: same filters, great-circle distances.
const r = rng(42);
const toMin = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));
const centres: [number, number][] = [[87.3, 44.01], [87.62, 43.83], [121.47, 31.23], [86.15, 41.76]];
const entries: IndexEntry[] = Array.from({ length: 4000 }, (_, i) => {
  const [lng, lat] = centres[i % centres.length]!;
  const s = stationSeed(r, i + 1, { cityCode: '650100', districtCode: '650102', lng, lat, spreadKm: i % 7 === 0 ? 150 : 20 });
  return {
    summary: { id: `s${i}`, name: s.name, address: s.address, cityCode: s.cityCode, districtCode: s.districtCode, lat: s.lat, lng: s.lng, phone: s.phone, is24h: s.is24h, amenities: s.amenities as Amenity[], services: s.services as Service[] },
    schedule: scheduleFrom(s.is24h, 480, s.hours.map((h) => ({ weekday: h.weekday, opens_min: toMin(h.opens), closes_min: toMin(h.closes) })), []),
  };
});
const ix = new StationIndex(entries);

test('nearest-first search agrees with a brute-force scan (filters, openNow, radius, limit)', () => {
  const nowMs = Date.parse('2026-12-01T12:30:00Z'); // 20:30 in Beijing: some stations closed
  for (let i = 0; i < 300; i++) {
    const [lng0, lat0] = centres[i % centres.length]!;
    const q = {
      lat: lat0 + (r.next() - 0.5) * 2,
      lng: lng0 + (r.next() - 0.5) * 2,
      limit: 1 + Math.floor(r.next() * 20),
      radiusKm: i % 3 === 0 ? undefined : 1 + r.next() * 60,
      amenities: i % 2 ? (['umbrellas'] as Amenity[]) : [],
      services: i % 5 === 0 ? (['meals'] as Service[]) : [],
      openNow: i % 4 !== 0,
      nowMs,
    };
    const expected = entries
      .filter((e) => q.amenities.every((a) => e.summary.amenities.includes(a)) && q.services.every((s) => e.summary.services.includes(s)))
      .filter((e) => !q.openNow || isOpenAt(e.schedule, nowMs))
      .map((e) => ({ id: e.summary.id, km: distance(q.lng, q.lat, e.summary.lng, e.summary.lat) }))
      .filter((x) => x.km <= (q.radiusKm ?? Infinity) * 0.999)
      .sort((a, b) => a.km - b.km);
    const got = ix.nearby(q);
    assert.ok(got.length <= q.limit);
    assert.ok(got.length >= Math.min(q.limit, expected.length), `query ${i}: ${got.length} hits, ${expected.length} expected`);
    for (const [j, h] of got.entries()) {
      // The search ranks by a local flat metric: a hit may trade places with a near-tie, never more.
      const want = expected[j]!;
      assert.ok(Math.abs(h.distanceM - want.km * 1000) <= Math.max(2, want.km * 3), `query ${i} hit ${j}: ${h.distanceM} m vs ${Math.round(want.km * 1000)} m`);
      assert.equal(h.openNow, isOpenAt(h.entry.schedule, nowMs));
      if (q.openNow) assert.equal(h.openNow, true);
      for (const a of q.amenities) assert.ok(h.entry.summary.amenities.includes(a));
    }
  }
});

test('patching a station changes what filters find; an empty index answers nothing', () => {
  const e = entries[0]!;
  const q = { lat: e.summary.lat, lng: e.summary.lng, limit: 1, amenities: ['umbrellas'] as Amenity[], nowMs: 0 };
  const withUmbrellas = { ...e, summary: { ...e.summary, amenities: [...e.summary.amenities.filter((a) => a !== 'umbrellas'), 'umbrellas'] as Amenity[] } };
  assert.equal(ix.patch(withUmbrellas), true);
  assert.equal(ix.nearby(q)[0]!.entry.summary.id, e.summary.id);
  const without = { ...e, summary: { ...e.summary, amenities: e.summary.amenities.filter((a) => a !== 'umbrellas') } };
  ix.patch(without);
  assert.notEqual(ix.nearby(q)[0]?.entry.summary.id, e.summary.id);
  assert.equal(ix.patch({ ...e, summary: { ...e.summary, lat: e.summary.lat + 1 } }), false, 'a move needs a rebuild');
  assert.deepEqual(new StationIndex([]).nearby(q), []);
});
