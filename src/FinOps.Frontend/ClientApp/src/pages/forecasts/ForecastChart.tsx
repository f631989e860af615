// Actuals, the forecast line and its 80% / 95% bands. Each band is drawn as two stacked areas:
// an invisible one up to the lower bound and a shaded one for the band's width.
import { EChart, type ChartOption } from '../../components/EChart';
import type { ScopeForecast } from '../../api/types';
import { formatDate, formatMoney } from '../../lib/format';

export function ForecastChart({ forecast, height = 340 }: { forecast: ScopeForecast; height?: number }) {
  const days = [...forecast.history.map((h) => h.day), ...forecast.points.map((p) => p.day)];
  const historyLength = forecast.history.length;
  const pad = (values: (number | null)[], before: number) => [...Array<number | null>(before).fill(null), ...values];
  const lower95 = pad(forecast.points.map((p) => p.lower95), historyLength);
  const band95 = pad(forecast.points.map((p) => p.upper95 - p.lower95), historyLength);
  const lower80 = pad(forecast.points.map((p) => p.lower80), historyLength);
  const band80 = pad(forecast.points.map((p) => p.upper80 - p.lower80), historyLength);
  const last = forecast.history.at(-1);
  const predicted = pad([...(last ? [last.cost] : []), ...forecast.points.map((p) => p.predicted)], historyLength - (last ? 1 : 0));
  const money = (v: number) => formatMoney(v, forecast.currency, { compact: true });
  const option: ChartOption = {
    grid: { left: 64, right: 16, top: 36, bottom: 56 },
    legend: { top: 0, data: ['Actual', 'Forecast', '80% interval', '95% interval'] },
    tooltip: {
      trigger: 'axis',
      valueFormatter: (value) => (typeof value === 'number' ? formatMoney(value, forecast.currency) : '—'),
    },
    xAxis: { type: 'category', data: days, axisLabel: { formatter: (d: string) => formatDate(d, { style: 'short' }) } },
    yAxis: { type: 'value', name: forecast.currency, axisLabel: { formatter: money } },
    dataZoom: [{ type: 'inside' }, { type: 'slider', height: 18, bottom: 8 }],
    series: [
      { name: '95% base', type: 'line', data: lower95, stack: 'b95', symbol: 'none', lineStyle: { opacity: 0 }, tooltip: { show: false }, silent: true },
      { name: '95% interval', type: 'line', data: band95, stack: 'b95', symbol: 'none', lineStyle: { opacity: 0 }, areaStyle: { color: 'rgba(37, 99, 235, 0.12)' }, color: 'rgba(37, 99, 235, 0.25)' },
      { name: '80% base', type: 'line', data: lower80, stack: 'b80', symbol: 'none', lineStyle: { opacity: 0 }, tooltip: { show: false }, silent: true },
      { name: '80% interval', type: 'line', data: band80, stack: 'b80', symbol: 'none', lineStyle: { opacity: 0 }, areaStyle: { color: 'rgba(37, 99, 235, 0.25)' }, color: 'rgba(37, 99, 235, 0.45)' },
      { name: 'Actual', type: 'line', data: forecast.history.map((h) => h.cost), symbol: 'none', color: '#111827', lineStyle: { width: 1.5 } },
      { name: 'Forecast', type: 'line', data: predicted, symbol: 'none', color: '#2563eb', lineStyle: { width: 2, type: 'dashed' } },
    ],
  };
  return <EChart option={option} height={height} ariaLabel={`Daily cost and forecast with 80% and 95% intervals, in ${forecast.currency}`} />;
}
