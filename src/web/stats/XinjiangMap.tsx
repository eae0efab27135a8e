import { useMemo } from 'react';
import type { StatsTable } from '../../shared/stats.ts';
import geo from './xinjiang.geo.json' with { type: 'json' };
import { EChart, chartFont, echarts } from './StatsChart.tsx';
import type { Labels, Translate } from './model.ts';

// The prefecture boundaries ship with the product (scripts/geo-xinjiang.ts; docs/decisions/0018): no map service.
echarts.registerMap('xinjiang', geo as never);

export const MAP_METRICS = ['workers', 'members', 'stations', 'cases', 'certificates', 'enterprises'] as const;
export type MapMetric = (typeof MAP_METRICS)[number];
const CODES = (geo as { features: { properties: { code: string } }[] }).features.map((f) => f.properties.code);
/** The prefectures the map names (the Corps' cities are too small to label). */
const LABELLED = new Set(['650100', '650200', '650400', '650500', '652300', '652700', '652800', '652900', '653000', '653100', '653200', '654000', '654200', '654300']);

/**
 * Xinjiang by prefecture, coloured by the chosen figure of the `map` section's byCity table, with the
 * stations as points. Clicking a prefecture calls `onPick` with its code.
 */
export function XinjiangMap(props: {
  byCity: StatsTable | undefined;
  stations: StatsTable | undefined;
  metric: MapMetric;
  selected: string | null;
  minCell: number;
  t: Translate;
  l: Labels;
  rtl: boolean;
  onPick: (prefecture: string) => void;
}) {
  const { byCity, stations, metric, selected, minCell, t, l, rtl, onPick } = props;
  const option = useMemo(() => {
    const font = chartFont(rtl);
    const values = new Map<string, number | null>((byCity?.rows ?? []).map((r) => [String(r.city), r[metric] === null || r[metric] === undefined ? null : Number(r[metric])]));
    const max = Math.max(1, ...[...values.values()].filter((v): v is number => v !== null));
    const short = (code: string) => (LABELLED.has(code) ? t(`stats.prefectureShort.${code}`) : '');
    const metricName = t(`stats.map.metrics.${metric}`);
    return {
      animation: false,
      textStyle: { fontFamily: font },
      tooltip: {
        trigger: 'item',
        formatter: (p: { seriesType?: string; componentType: string; name: string; data?: { name: string; value: unknown } }) => {
          if (p.seriesType === 'scatter') return p.data?.name ?? '';
          const v = values.get(p.name);
          const shown = v === undefined ? '0' : v === null ? `<${minCell}` : l.number(v);
          return `${l.place(p.name)}<br/>${metricName}: ${shown}`;
        },
      },
      visualMap: {
        seriesIndex: 0,
        min: 0,
        max,
        orient: 'horizontal',
        left: rtl ? undefined : 8,
        right: rtl ? 8 : undefined,
        bottom: 4,
        itemWidth: 10,
        itemHeight: 90,
        text: [l.number(max), '0'],
        textStyle: { fontFamily: font, fontSize: 11 },
        inRange: { color: ['#eaf1fa', '#93bde2', '#2f6fb0', '#1c4a7d'] },
        calculable: false,
      },
      geo: {
        map: 'xinjiang',
        nameProperty: 'code',
        roam: false,
        top: 8,
        bottom: 40,
        label: { show: true, formatter: (p: { name: string }) => short(p.name), fontSize: 10, fontFamily: font, color: '#222' },
        itemStyle: { areaColor: '#f3f3f3', borderColor: '#fff', borderWidth: 0.8 },
        emphasis: { label: { show: true }, itemStyle: { areaColor: '#ffd591' } },
        select: { disabled: true },
        regions: selected ? [{ name: selected, itemStyle: { borderColor: '#c0392b', borderWidth: 2 } }] : [],
      },
      series: [
        {
          type: 'map',
          geoIndex: 0,
          // Every prefecture has a value: a place the table leaves out has no records (0); a withheld one is '-'.
          data: CODES.map((name) => ({ name, value: values.has(name) ? (values.get(name) ?? '-') : 0 })),
          // Regions with data take their label from the series, the rest from the geo component.
          label: { show: true, formatter: (p: { name: string }) => short(p.name), fontSize: 10, fontFamily: font, color: '#222' },
        },
        {
          type: 'scatter',
          coordinateSystem: 'geo',
          symbolSize: 6,
          itemStyle: { color: '#c0392b', borderColor: '#fff', borderWidth: 1 },
          data: (stations?.rows ?? [])
            .filter((r) => typeof r.lat === 'number' && typeof r.lng === 'number')
            .map((r) => ({ name: String(r.name ?? ''), value: [Number(r.lng), Number(r.lat)], city: String(r.city ?? '') })),
        },
      ],
    };
  }, [byCity, stations, metric, selected, minCell, t, l, rtl]);
  return (
    <EChart
      option={option}
      height={340}
      testId="xinjiang-map"
      onClick={(p) => {
        if (p.componentType === 'geo' || p.seriesType === 'map') onPick(p.name);
        // A station stands in its prefecture: clicking it filters there too (Urumqi is small and full of them).
        else if (p.seriesType === 'scatter') {
          const city = (p.data as { city?: string } | undefined)?.city;
          if (city) onPick(`${city.slice(0, 4)}00`);
        }
      }}
    />
  );
}
