import { useMemo } from 'react';
import type { AnomalySeriesPoint } from '../../api/client';
import { EChart, type ChartOption } from '../../components/EChart';
import { formatDate, formatMoney } from '../../lib/format';

const ACTUAL = '#2563eb';
const EXPECTED = '#64748b';
const BAND = 'rgba(100, 116, 139, 0.16)';
const OUTSIDE = '#dc2626';

/** Actual daily spend against the expected value and its band; days outside the band in red. */
export function AnomalyChart({ series, currency, day, height = 300 }: {
  series: AnomalySeriesPoint[];
  currency: string;
  day: string;
  height?: number;
}) {
  const option = useMemo<ChartOption>(() => {
    const labels = series.map((p) => formatDate(p.day, { style: 'short' }));
    const lower = series.map((p) => p.lower);
    const width = series.map((p) => (p.upper !== null && p.lower !== null ? p.upper - p.lower : null));
    return {
      animationDuration: 300,
      grid: { left: 12, right: 16, top: 40, bottom: 8, containLabel: true },
      legend: { top: 0, left: 0, data: ['Actual', 'Expected', 'Expected range'], textStyle: { color: '#334155' } },
      tooltip: {
        trigger: 'axis',
        confine: true,
        formatter: (params: unknown) => {
          const index = (Array.isArray(params) ? params[0] : params)?.dataIndex ?? 0;
          const p = series[index];
          if (!p) return '';
          const rows = [
            ['Actual', formatMoney(p.actual, currency)],
            ['Expected', formatMoney(p.expected, currency)],
            ['Range', p.lower !== null && p.upper !== null ? `${formatMoney(p.lower, currency)} – ${formatMoney(p.upper, currency)}` : '—'],
          ]
            .map(([k, v]) => `<div class="tt-row"><span class="tt-name">${k}</span><span class="tt-val">${v}</span></div>`)
            .join('');
          return `<div class="tt"><div class="tt-head">${formatDate(p.day)}${p.outsideBand ? ' · outside range' : ''}</div>${rows}</div>`;
        },
      },
      xAxis: {
        type: 'category',
        data: labels,
        boundaryGap: false,
        axisLine: { lineStyle: { color: '#cbd5e1' } },
        axisLabel: { color: '#64748b', hideOverlap: true },
      },
      yAxis: {
        type: 'value',
        name: `Daily cost (${currency})`,
        nameTextStyle: { color: '#64748b', align: 'left', padding: [0, 0, 0, -8] },
        axisLabel: { color: '#64748b', formatter: (v: number) => formatMoney(v, currency, { compact: true }) },
        splitLine: { lineStyle: { color: '#eef2f7' } },
      },
      series: [
        // The band is a transparent lower line with the band's width stacked on it.
        { name: 'Lower', type: 'line', stack: 'band', data: lower, symbol: 'none', lineStyle: { opacity: 0 }, tooltip: { show: false }, silent: true },
        { name: 'Expected range', type: 'line', stack: 'band', data: width, symbol: 'none', lineStyle: { opacity: 0 }, areaStyle: { color: BAND }, itemStyle: { color: BAND }, silent: true },
        { name: 'Expected', type: 'line', data: series.map((p) => p.expected), symbol: 'none', lineStyle: { color: EXPECTED, type: 'dashed', width: 1.5 }, itemStyle: { color: EXPECTED } },
        {
          name: 'Actual',
          type: 'line',
          data: series.map((p) => ({
            value: p.actual,
            symbolSize: p.outsideBand ? 10 : 5,
            itemStyle: { color: p.outsideBand ? OUTSIDE : ACTUAL },
          })),
          symbol: 'circle',
          lineStyle: { color: ACTUAL, width: 2 },
          itemStyle: { color: ACTUAL },
          markLine: {
            symbol: 'none',
            silent: true,
            lineStyle: { color: OUTSIDE, type: 'dotted' },
            label: { show: false },
            data: [{ xAxis: formatDate(day, { style: 'short' }) }],
          },
        },
      ],
    };
  }, [series, currency, day]);

  return <EChart option={option} height={height} ariaLabel={`Actual against expected daily cost around ${day}`} />;
}
