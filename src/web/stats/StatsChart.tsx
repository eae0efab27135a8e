import { useEffect, useMemo, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, MapChart, ScatterChart } from 'echarts/charts';
import { GeoComponent, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import type { ChartSpec } from './model.ts';

echarts.use([BarChart, LineChart, MapChart, ScatterChart, GeoComponent, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent, SVGRenderer]);
export { echarts };

export const PALETTE = ['#2f6fb0', '#e07b39', '#3a9d5d', '#b0413e', '#7a5bb5', '#8c6d31'];
/** Uyghur text in the charts needs an Arabic-script face; the rest uses the page's. */
export const chartFont = (rtl: boolean) => (rtl ? "'Noto Sans Arabic', 'Noto Naskh Arabic', 'Noto Sans', sans-serif" : "'Noto Sans CJK SC', 'Noto Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif");

/**
 * One ECharts chart, drawn as SVG (sharp in print and screenshots). Its figures are in the table under
 * it, so the chart is hidden from screen readers. `onClick` receives the clicked item's name and data.
 */
export function EChart({ option, height, testId, onClick }: { option: echarts.EChartsCoreOption; height: number; testId?: string; onClick?: (p: { name: string; componentType: string; seriesType?: string; data?: unknown }) => void }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const click = useRef(onClick);
  click.current = onClick;
  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, undefined, { renderer: 'svg' });
    chart.current = c;
    c.on('click', (p) => click.current?.(p as never));
    const observer = new ResizeObserver(() => c.resize());
    observer.observe(el.current);
    return () => {
      observer.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);
  // ECharts places SVG text for a left-to-right page (text-anchor start = left); in a right-to-left page the
  // anchors would flip and labels land on the bars. Each label's own Uyghur still reads right to left.
  return <div ref={el} className="obs-chart" dir="ltr" style={{ height }} aria-hidden="true" data-testid={testId} />;
}

/** The ECharts option for a table's chart: lines over months, or horizontal bars (long labels stay readable on a phone). */
export function chartOption(spec: ChartSpec, rtl: boolean, format: (v: number) => string): echarts.EChartsCoreOption {
  const font = chartFont(rtl);
  const legend = spec.series.length > 1 ? { bottom: 0, type: 'scroll', align: rtl ? 'right' : 'auto', textStyle: { fontFamily: font } } : undefined;
  const common = {
    color: PALETTE,
    animation: false,
    textStyle: { fontFamily: font },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (v === null || v === undefined || v === '-' ? '<5' : format(Number(v))) },
    legend,
  };
  if (spec.kind === 'line') {
    return {
      ...common,
      grid: { left: 8, right: 16, top: 16, bottom: legend ? 36 : 8, containLabel: true },
      xAxis: { type: 'category', data: spec.categories, inverse: rtl, axisLabel: { hideOverlap: true } },
      yAxis: { type: 'value', position: rtl ? 'right' : 'left', axisLabel: { formatter: format } },
      series: spec.series.map((s) => ({ type: 'line', name: s.name, data: s.values, connectNulls: false, symbolSize: 5 })),
    };
  }
  return {
    ...common,
    grid: { left: 8, right: 24, top: 8, bottom: legend ? 36 : 8, containLabel: true },
    yAxis: { type: 'category', data: spec.categories, inverse: true, position: rtl ? 'right' : 'left', axisLabel: { width: 110, overflow: 'truncate', fontFamily: font } },
    xAxis: { type: 'value', inverse: rtl, axisLabel: { formatter: format, hideOverlap: true } },
    series: spec.series.map((s) => ({ type: 'bar', name: s.name, data: s.values, barMaxWidth: 18, label: { show: spec.series.length === 1, position: rtl ? 'left' : 'right', formatter: (p: { value: unknown }) => (p.value === null || p.value === undefined ? '' : format(Number(p.value))), fontSize: 10 } })),
  };
}

export const chartHeight = (spec: ChartSpec) => (spec.kind === 'line' ? 240 : Math.max(120, spec.categories.length * (spec.series.length > 1 ? 16 * spec.series.length + 8 : 26) + (spec.series.length > 1 ? 56 : 24)));

export function SpecChart({ spec, rtl, format, testId }: { spec: ChartSpec; rtl: boolean; format: (v: number) => string; testId?: string }) {
  const option = useMemo(() => chartOption(spec, rtl, format), [spec, rtl, format]);
  return <EChart option={option} height={chartHeight(spec)} {...(testId ? { testId } : {})} />;
}
