/** Distances, a local map projection, money, station-local dates and the map apps' links. Pure functions. */

export type LngLat = { lng: number; lat: number };

const R = 6_371_008.8; // mean Earth radius, metres
const rad = (d: number) => (d * Math.PI) / 180;

/** Great-circle distance in metres. */
export function haversine(a: LngLat, b: LngLat): number {
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** "930" m under a kilometre (to 10 m), "2.1" km under 10 km, "23" km beyond. */
export function distanceParts(m: number): { value: string; unit: 'm' | 'km' } {
  const tens = Math.max(10, Math.round(m / 10) * 10);
  if (tens < 1000) return { value: String(tens), unit: 'm' };
  const km = Math.max(1, m / 1000);
  return { value: km < 9.95 ? km.toFixed(1).replace(/\.0$/, '') : String(Math.round(km)), unit: 'km' };
}

/**
 * Equirectangular projection centred on `origin`: metres east and north of it. Over a city the error
 * against the true distance is far below what a finger can point at.
 */
export function toMetres(origin: LngLat, p: LngLat): { x: number; y: number } {
  const k = Math.cos(rad(origin.lat));
  return { x: rad(p.lng - origin.lng) * R * k, y: rad(p.lat - origin.lat) * R };
}

/** Web Mercator world pixel coordinates at a zoom level (for a tile server's 256-pixel tiles). */
export function toWorldPx(p: LngLat, zoom: number): { x: number; y: number } {
  const size = 256 * 2 ** zoom;
  const s = Math.sin(rad(Math.max(-85.0511, Math.min(85.0511, p.lat))));
  return { x: ((p.lng + 180) / 360) * size, y: (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * size };
}

/** The longest "nice" length (1, 2 or 5 × 10^n metres) not longer than `maxM`. */
export function niceLength(maxM: number): number {
  const p = 10 ** Math.floor(Math.log10(Math.max(maxM, 1)));
  for (const f of [5, 2, 1]) if (f * p <= maxM) return f * p;
  return p;
}

// ---- money --------------------------------------------------------------------------------------

/** 1250 fen → "¥12.50". */
export const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;

/** "12.5", "12", "¥12.50" → 1250 fen; null when it is not an amount with at most two decimals. */
export function parseYuan(input: string): number | null {
  const s = input.trim().replace(/^[¥￥]/, '').trim();
  if (!/^\d{1,6}(\.\d{1,2})?$/.test(s)) return null;
  const [whole, frac = ''] = s.split('.');
  return Number(whole) * 100 + Number((frac + '00').slice(0, 2));
}

// ---- station-local dates and times (every station keeps Beijing time) ----------------------------

export const STATION_TZ = 'Asia/Shanghai';
const BEIJING_OFFSET_MS = 8 * 3_600_000;

/** Today's date at the stations, YYYY-MM-DD. */
export const stationToday = (nowMs = Date.now()) => new Date(nowMs + BEIJING_OFFSET_MS).toISOString().slice(0, 10);

export const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** ISO weekday of a date: 1 = Monday … 7 = Sunday. */
export function weekdayOf(date: string): number {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

/** "14:30" at the station for an ISO timestamp, whatever the phone's own time zone. */
export function stationTime(iso: string): string {
  const d = new Date(Date.parse(iso) + BEIJING_OFFSET_MS);
  return `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}
/** The station-local date of an ISO timestamp. */
export const stationDate = (iso: string) => new Date(Date.parse(iso) + BEIJING_OFFSET_MS).toISOString().slice(0, 10);

// ---- map apps -----------------------------------------------------------------------------------

type Place = { lat: number; lng: number; name: string; address?: string };

/** Amap (高德) marker page; on a phone with Amap installed it opens the app (callnative=1). */
export const amapUrl = (s: Place) =>
  `https://uri.amap.com/marker?position=${s.lng},${s.lat}&name=${encodeURIComponent(s.name)}&coordinate=wgs84&callnative=1`;

/** Baidu Maps marker page (opens the app when installed). */
export const baiduUrl = (s: Place) =>
  `https://api.map.baidu.com/marker?location=${s.lat},${s.lng}&title=${encodeURIComponent(s.name)}&content=${encodeURIComponent(s.address ?? '')}&coord_type=wgs84&output=html&src=nuanxin`;

// ---- where the reader is ------------------------------------------------------------------------

export type CityCentre = { code: string; lng: number; lat: number };
/** Fallback positions when the phone will not say where it is: the three cities' centres. */
export const CITY_CENTRES: CityCentre[] = [
  { code: '650100', lng: 87.6168, lat: 43.8256 }, // Urumqi
  { code: '652301', lng: 87.3047, lat: 44.0146 }, // Changji
  { code: '652801', lng: 86.1459, lat: 41.7643 }, // Korla
];

/** Four decimals (about 11 m) is all the finder needs; the query does not carry more than that. */
export const roundCoord = (v: number) => Math.round(v * 1e4) / 1e4;

export type Placed = { x: number; y: number; atX: number; atY: number };

/**
 * Pins that would cover each other (two stations in one building, or across the street at city zoom)
 * are pushed apart until every pair is at least `gap` pixels apart, each keeping its true position
 * (atX, atY) for a leader line. Pairwise repulsion, a few dozen rounds; kept inside the box.
 */
export function declutter(points: readonly { x: number; y: number }[], gap: number, box: { w: number; h: number; pad: number }): Placed[] {
  const out = points.map((p) => ({ x: p.x, y: p.y, atX: p.x, atY: p.y }));
  for (let round = 0; round < 60; round++) {
    let moved = false;
    for (let i = 0; i < out.length; i++) {
      for (let j = i + 1; j < out.length; j++) {
        const a = out[i]!;
        const b = out[j]!;
        let dx = b.x - a.x;
        let dy = b.y - a.y;
        let d = Math.hypot(dx, dy);
        if (d >= gap) continue;
        if (d < 1e-6) {
          // Exactly on top of each other: part them along a fixed direction that depends on the pair.
          const angle = ((i * 7 + j * 13) % 12) * (Math.PI / 6);
          dx = Math.cos(angle);
          dy = Math.sin(angle);
          d = 1;
        }
        const push = (gap - Math.min(d, gap)) / 2 + 0.01;
        a.x -= (dx / d) * push;
        a.y -= (dy / d) * push;
        b.x += (dx / d) * push;
        b.y += (dy / d) * push;
        moved = true;
      }
    }
    for (const p of out) {
      p.x = Math.min(box.w - box.pad / 2, Math.max(box.pad / 2, p.x));
      p.y = Math.min(box.h - box.pad / 2, Math.max(box.pad / 2, p.y));
    }
    if (!moved) break;
  }
  return out;
}
