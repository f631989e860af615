import { useMemo } from 'react';
import type { CostTimeseries, Granularity } from '../api/client';
import { alignSeries } from '../lib/costSeries';
import { formatDate, formatMoney } from '../lib/format';
import { EChart, type ChartOption } from './EChart';

export const CHART_COLORS = [
  '#2563eb', '#0d9488', '#f59e0b', '#db2777', '#7c3aed', '#16a34a', '#ea580c', '#0891b2', '#64748b', '#a16207',
];
const OTHER_COLOR = '#cbd5e1';
const NO_MARKERS: ChartMarker[] = [];

/** A day to mark on the chart (an anomaly): a dashed line at its date. */
export interface ChartMarker {
  date: string;
  label: string;
}

interface CostChartProps {
  data: CostTimeseries;
  from: string;
  to: string;
  granularity: Granularity;
  metricLabel: string;
  height?: number;
  markers?: ChartMarker[];
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Stacked bars of cost per day (or month), one colour per group, with totals in the tooltip. */
export function CostChart({ data, from, to, granularity, metricLabel, height = 340, markers = NO_MARKERS }: CostChartProps) {
  const option = useMemo<ChartOption>(() => {
    const aligned = alignSeries(data, from, to, granularity);
    const currency = data.currency;
    const label = (date: string) => formatDate(granularity === 'month' ? date.slice(0, 7) : date, { style: 'short' });
    const many = aligned.dates.length > 62;
    let colorIndex = 0;
    // Markers sit on the first series, at the category of their day (or month).
    const markerKeys = new Set(aligned.dates);
    const markLine = markers.filter((m) => markerKeys.has(granularity === 'month' ? `${m.date.slice(0, 7)}-01` : m.date) || markerKeys.has(m.date));

    return {
      color: CHART_COLORS,
      animationDuration: 300,
      grid: { left: 12, right: 16, top: 56, bottom: many ? 40 : 8, containLabel: true },
      legend: { type: 'scroll', top: 0, left: 0, right: 0, icon: 'roundRect', itemWidth: 12, itemHeight: 12, textStyle: { color: '#334155' } },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        confine: true,
        formatter: (params: unknown) => {
          const items = (Array.isArray(params) ? params : [params]) as { seriesName: string; value: number; color: string; dataIndex: number }[];
          const index = items[0]?.dataIndex ?? 0;
          const date = aligned.dates[index] ?? '';
          const rows = items
            .filter((i) => i.value !== 0)
            .sort((a, b) => b.value - a.value)
            .map(
              (i) =>
                `<div class="tt-row"><span class="tt-dot" style="background:${i.color}"></span><span class="tt-name">${escapeHtml(i.seriesName)}</span><span class="tt-val">${formatMoney(i.value, currency)}</span></div>`,
            )
            .join('');
          const heading = granularity === 'month' ? formatDate(date.slice(0, 7)) : formatDate(date);
          return `<div class="tt"><div class="tt-head">${heading}</div>${rows || '<div class="tt-row">No cost</div>'}<div class="tt-total"><span>Total</span><span>${formatMoney(aligned.totals[index], currency)}</span></div></div>`;
        },
      },
      xAxis: {
        type: 'category',
        data: aligned.dates.map(label),
        axisTick: { alignWithLabel: true },
        axisLine: { lineStyle: { color: '#cbd5e1' } },
        axisLabel: { color: '#64748b', hideOverlap: true },
      },
      yAxis: {
        type: 'value',
        name: `${metricLabel} (${currency})`,
        nameTextStyle: { color: '#64748b', align: 'left', padding: [0, 0, 0, -8] },
        axisLabel: { color: '#64748b', formatter: (v: number) => formatMoney(v, currency, { compact: true }) },
        splitLine: { lineStyle: { color: '#eef2f7' } },
      },
      dataZoom: many ? [{ type: 'inside' }, { type: 'slider', height: 18, bottom: 8 }] : [],
      series: aligned.series.map((s, index) => ({
        name: s.key,
        type: 'bar',
        stack: 'cost',
        data: s.values,
        barMaxWidth: 36,
        emphasis: { focus: 'series' },
        itemStyle: { color: s.key === 'Other' ? OTHER_COLOR : CHART_COLORS[colorIndex++ % CHART_COLORS.length] },
        ...(index === 0 && markLine.length > 0
          ? {
              markLine: {
                symbol: ['none', 'circle'],
                symbolSize: 7,
                silent: false,
                lineStyle: { color: '#dc2626', type: 'dashed', width: 1.5 },
                label: { show: true, position: 'end', formatter: '!', color: '#dc2626', fontWeight: 'bold' },
                tooltip: { show: true, formatter: (p: unknown) => escapeHtml((p as { name?: string }).name ?? '') },
                data: markLine.map((m) => ({
                  name: m.label,
                  xAxis: label(granularity === 'month' ? `${m.date.slice(0, 7)}-01` : m.date),
                })),
              },
            }
          : {}),
      })),
    };
  }, [data, from, to, granularity, metricLabel, markers]);

  return <EChart option={option} height={height} ariaLabel={`${metricLabel} by ${granularity} from ${from} to ${to}`} />;
}
