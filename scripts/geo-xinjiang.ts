// Makes src/web/stats/xinjiang.geo.json, the map the observatory draws, from the Xinjiang province map
// of the echarts 4.9.0 npm package (map/json/province/xinjiang.json, Apache-2.0; see
// docs/decisions/0018-observatory-report.md). That file is in ECharts' compressed "UTF8Encoding" form:
// each ring is a string of character pairs, zigzag-encoded deltas from the ring's encodeOffsets,
// quantised at 1/1024 degree. This decodes it (the same steps as ECharts' own parseGeoJson decode),
// simplifies each ring (Douglas–Peucker, 0.01°: ~1 km, under a pixel at the sizes the page draws),
// rounds coordinates to 3 decimals, drops repeated points,
// and keys each feature by its prefecture-level administrative code, which the observatory's `map`
// section uses (`byCity` rows are keyed by city = first four digits + '00').
//
//   npx tsx scripts/geo-xinjiang.ts [/tmp/geo/package/map/json/province/xinjiang.json]
import fs from 'node:fs';
import path from 'node:path';

type Ring = [number, number][];
type Encoded = {
  type: 'FeatureCollection';
  UTF8Encoding?: boolean;
  UTF8Scale?: number;
  features: { properties: { name: string; cp?: [number, number] }; geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown[]; encodeOffsets: unknown[] } }[];
};

/** Prefecture-level codes (GB/T 2260) by the Chinese name the source file uses. */
export const CODES: Record<string, string> = {
  乌鲁木齐市: '650100',
  克拉玛依市: '650200',
  吐鲁番市: '650400',
  哈密市: '650500',
  昌吉回族自治州: '652300',
  博尔塔拉蒙古自治州: '652700',
  巴音郭楞蒙古自治州: '652800',
  阿克苏地区: '652900',
  克孜勒苏柯尔克孜自治州: '653000',
  喀什地区: '653100',
  和田地区: '653200',
  伊犁哈萨克自治州: '654000',
  塔城地区: '654200',
  阿勒泰地区: '654300',
  // County-level cities administered by the Xinjiang Production and Construction Corps.
  石河子市: '659001',
  阿拉尔市: '659002',
  图木舒克市: '659003',
  五家渠市: '659004',
  北屯市: '659005',
  铁门关市: '659006',
  双河市: '659007',
  可克达拉市: '659008',
  昆玉市: '659009',
};

/** About 1 km: the map is drawn at most a few hundred pixels across Xinjiang's 23° of longitude. */
const TOLERANCE = 0.01;

export function decodeRing(s: string, offsets: [number, number], scale = 1024): Ring {
  const out: Ring = [];
  let [px, py] = offsets;
  for (let i = 0; i + 1 < s.length; i += 2) {
    let x = s.charCodeAt(i) - 64;
    let y = s.charCodeAt(i + 1) - 64;
    x = (x >> 1) ^ -(x & 1); // zigzag
    y = (y >> 1) ^ -(y & 1);
    px += x;
    py += y;
    out.push([px / scale, py / scale]);
  }
  return out;
}

const round = (n: number) => Math.round(n * 1000) / 1000;

/** Douglas–Peucker: drops points closer than `tol` degrees to the line through their neighbours. */
export function simplify(r: Ring, tol: number): Ring {
  if (r.length <= 4) return r;
  const keep = new Uint8Array(r.length);
  keep[0] = keep[r.length - 1] = 1;
  const stack: [number, number][] = [[0, r.length - 1]];
  while (stack.length) {
    const [a, b] = stack.pop()!;
    const [ax, ay] = r[a]!;
    const [bx, by] = r[b]!;
    const dx = bx - ax;
    const dy = by - ay;
    const len = Math.hypot(dx, dy);
    let worst = -1;
    let at = -1;
    for (let i = a + 1; i < b; i++) {
      const [x, y] = r[i]!;
      const d = len === 0 ? Math.hypot(x - ax, y - ay) : Math.abs(dy * x - dx * y + bx * ay - by * ax) / len;
      if (d > worst) [worst, at] = [d, i];
    }
    if (at >= 0 && worst > tol) {
      keep[at] = 1;
      stack.push([a, at], [at, b]);
    }
  }
  const out = r.filter((_, i) => keep[i]);
  return out.length >= 4 ? out : r;
}

function tidy(raw: Ring): Ring {
  const r = simplify(raw, TOLERANCE);
  const out: Ring = [];
  for (const [x, y] of r) {
    const p: [number, number] = [round(x), round(y)];
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  // GeoJSON rings are closed.
  const first = out[0];
  const last = out[out.length - 1];
  if (first && last && (first[0] !== last[0] || first[1] !== last[1])) out.push([first[0], first[1]]);
  return out;
}

export function decode(src: Encoded) {
  const scale = src.UTF8Scale ?? 1024;
  const ring = (c: unknown, o: unknown): Ring => tidy(typeof c === 'string' ? decodeRing(c, o as [number, number], scale) : (c as Ring));
  return {
    type: 'FeatureCollection' as const,
    features: src.features.map((f) => {
      const code = CODES[f.properties.name];
      if (!code) throw new Error(`no code for ${f.properties.name}`);
      const g = f.geometry;
      // ECharts' format stores a Polygon's rings as coordinates[i] with encodeOffsets[i], and a
      // MultiPolygon's as coordinates[i][j] with encodeOffsets[i][j].
      const coordinates =
        g.type === 'Polygon'
          ? g.coordinates.map((c, i) => ring(c, g.encodeOffsets[i]))
          : g.coordinates.map((poly, i) => (poly as unknown[]).map((c, j) => ring(c, (g.encodeOffsets[i] as unknown[])[j])));
      return {
        type: 'Feature' as const,
        id: code,
        properties: { code, name: f.properties.name, ...(f.properties.cp ? { cp: f.properties.cp.map(round) } : {}) },
        geometry: { type: g.type, coordinates },
      };
    }),
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const input = process.argv[2] ?? '/tmp/geo/package/map/json/province/xinjiang.json';
  const output = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../src/web/stats/xinjiang.geo.json');
  const src = JSON.parse(fs.readFileSync(input, 'utf8')) as Encoded;
  if (!src.UTF8Encoding) throw new Error(`${input} is not in ECharts' UTF8Encoding form`);
  const geo = decode(src);
  fs.mkdirSync(path.dirname(output), { recursive: true });
  fs.writeFileSync(output, JSON.stringify(geo) + '\n');
  const points = geo.features.reduce((n, f) => n + JSON.stringify(f.geometry.coordinates).split('],[').length, 0);
  process.stdout.write(`${output}: ${geo.features.length} features, ~${points} points, ${fs.statSync(output).size} bytes\n`);
}
