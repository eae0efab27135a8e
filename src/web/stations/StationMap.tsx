import { useMemo, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { NearbyStation } from '../api.ts';
import { declutter, distanceParts, niceLength, toMetres, toWorldPx, type LngLat } from './geo.ts';

const W = 360;
const H = 360;
const PAD = 30;

type Props = {
  origin: LngLat;
  stations: NearbyStation[];
  selectedId: string | null;
  onSelect: (id: string) => void;
  /** A tile server template with {z}/{x}/{y}; null draws the simple offline map. */
  tileUrl: string | null;
};

/**
 * The station map, drawn here. Without a tile server: an equirectangular plot around the reader, north
 * up, with distance rings and a scale bar. With one: the same points on Web Mercator tiles.
 * Always left to right (east is right), whatever the page language.
 */
export function StationMap({ origin, stations, selectedId, onSelect, tileUrl }: Props) {
  const { t } = useTranslation();
  const view = useMemo(() => {
    const v = layout(origin, stations, tileUrl);
    // Two pins closer than a finger's width are moved apart; a thin line points to the true spot.
    const placed = declutter(v.points, 30, { w: W, h: H, pad: PAD });
    return { ...v, points: v.points.map((p, i) => ({ ...p, x: placed[i]!.x, y: placed[i]!.y, atX: placed[i]!.atX, atY: placed[i]!.atY })) };
  }, [origin, stations, tileUrl]);
  const bar = niceLength((W - 2 * PAD) / 3 / view.pxPerM);
  const barPx = bar * view.pxPerM;
  const barText = distanceParts(bar);
  const rings = [1, 2, 3].map((k) => k * niceLength(Math.max(view.extentM, 100) / 2)).filter((r) => r * view.pxPerM < W / 2 - 6);

  const key = (id: string) => (e: KeyboardEvent) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onSelect(id);
    }
  };

  return (
    <figure className="station-map" dir="ltr">
      <svg viewBox={`0 0 ${W} ${H}`} role="group" aria-label={t('map.label')} data-testid="station-map">
        <rect x="0" y="0" width={W} height={H} className="map-bg" />
        {view.tiles.map((tile) => (
          <image key={tile.href} href={tile.href} x={tile.x} y={tile.y} width={256} height={256} preserveAspectRatio="none" />
        ))}
        {!view.tiles.length
          ? rings.map((r) => (
              <g key={r} className="map-ring">
                <circle cx={W / 2} cy={H / 2} r={r * view.pxPerM} />
                <text x={W / 2 + 4} y={H / 2 - r * view.pxPerM - 3}>
                  {distanceParts(r).value} {distanceParts(r).unit === 'm' ? t('units.m') : t('units.km')}
                </text>
              </g>
            ))
          : null}
        {/* north arrow */}
        <g className="map-north" transform={`translate(${W - 26} 34)`}>
          <path d="M0 -18 L8 6 L0 1 L-8 6 Z" />
          <text y="20" textAnchor="middle">
            {t('map.north')}
          </text>
        </g>
        {/* scale bar */}
        <g className="map-scale" transform={`translate(14 ${H - 18})`}>
          <path d={`M0 -6 V0 H${barPx} V-6`} />
          <text x={barPx / 2} y="-9" textAnchor="middle">
            {barText.value} {barText.unit === 'm' ? t('units.m') : t('units.km')}
          </text>
        </g>
        {/* the reader */}
        <g className="map-me" aria-label={t('map.you')} role="img">
          <circle cx={W / 2} cy={H / 2} r="16" className="map-me-halo" />
          <circle cx={W / 2} cy={H / 2} r="7" className="map-me-dot" />
        </g>
        {/* leader lines from moved pins to where the stations are */}
        {view.points
          .filter((p) => Math.hypot(p.x - p.atX, p.y - p.atY) > 2)
          .map((p) => (
            <g key={`at-${p.s.id}`} className="map-leader" aria-hidden="true">
              <line x1={p.atX} y1={p.atY} x2={p.x} y2={p.y} />
              <circle cx={p.atX} cy={p.atY} r="3" />
            </g>
          ))}
        {/* stations, the selected one drawn last (on top) */}
        {[...view.points].sort((a, b) => Number(a.s.id === selectedId) - Number(b.s.id === selectedId)).map((p) => {
          const sel = p.s.id === selectedId;
          const d = distanceParts(p.s.distanceM);
          return (
            <g
              key={p.s.id}
              className={`map-station${p.s.openNow ? ' is-open' : ''}${sel ? ' is-selected' : ''}`}
              transform={`translate(${p.x} ${p.y})`}
              role="button"
              tabIndex={0}
              aria-pressed={sel}
              aria-label={`${p.n}. ${p.s.name}, ${d.value} ${d.unit === 'm' ? t('units.m') : t('units.km')}, ${p.s.openNow ? t('stations.openNow') : t('stations.closedNow')}`}
              data-station-id={p.s.id}
              onClick={() => onSelect(p.s.id)}
              onKeyDown={key(p.s.id)}
            >
              <circle r="24" className="map-hit" />
              <circle r={sel ? 17 : 14} className="map-pin" />
              <text y="5" textAnchor="middle">
                {p.n}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="small muted">{view.tiles.length ? t('map.captionTiles') : t('map.caption')}</figcaption>
    </figure>
  );
}

type Layout = {
  points: { s: NearbyStation; n: number; x: number; y: number }[];
  pxPerM: number;
  extentM: number;
  tiles: { href: string; x: number; y: number }[];
};

function layout(origin: LngLat, stations: NearbyStation[], tileUrl: string | null): Layout {
  const metres = stations.map((s) => toMetres(origin, s));
  const extentM = Math.max(300, ...metres.map((m) => Math.max(Math.abs(m.x), Math.abs(m.y))));
  const room = Math.min(W, H) / 2 - PAD;
  if (!tileUrl) {
    const pxPerM = room / extentM;
    return {
      points: stations.map((s, i) => ({ s, n: i + 1, x: W / 2 + metres[i]!.x * pxPerM, y: H / 2 - metres[i]!.y * pxPerM })),
      pxPerM,
      extentM,
      tiles: [],
    };
  }
  // Tiles: the largest zoom at which every station still fits.
  const mPerPxZ0 = (156_543.034 * Math.cos((origin.lat * Math.PI) / 180)) / 1;
  const zoom = Math.max(3, Math.min(18, Math.floor(Math.log2((mPerPxZ0 * room) / extentM))));
  const pxPerM = 2 ** zoom / mPerPxZ0;
  const c = toWorldPx(origin, zoom);
  const left = c.x - W / 2;
  const top = c.y - H / 2;
  const tiles: Layout['tiles'] = [];
  const n = 2 ** zoom;
  for (let tx = Math.floor(left / 256); tx <= Math.floor((left + W) / 256); tx++) {
    for (let ty = Math.floor(top / 256); ty <= Math.floor((top + H) / 256); ty++) {
      if (ty < 0 || ty >= n) continue;
      const x = ((tx % n) + n) % n;
      tiles.push({ href: tileUrl.replace('{z}', String(zoom)).replace('{x}', String(x)).replace('{y}', String(ty)), x: tx * 256 - left, y: ty * 256 - top });
    }
  }
  return {
    points: stations.map((s, i) => {
      const p = toWorldPx(s, zoom);
      return { s, n: i + 1, x: p.x - left, y: p.y - top };
    }),
    pxPerM,
    extentM,
    tiles,
  };
}
