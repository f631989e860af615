// Turns an assistant answer (columns, rows and a chart description) into an ECharts option.
import type { AssistantAnswer, AssistantCell } from '../../api';
import type { ChartOption } from '../../components/EChart';
import { formatMoney } from '../../lib/format';

const MONEY = /(cost|savings|impact|predicted|lower_80|upper_80|actual|expected|amount|change|projected|budget)$/;

/** Columns that hold money (formatted with the currency). */
export function isMoneyColumn(column: string): boolean {
  return MONEY.test(column) && column !== 'change_pct';
}

/** `effective_cost` → `Effective cost`. */
export function columnLabel(column: string): string {
  const words = column.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const label = (value: AssistantCell) => (value === null || value === undefined || value === '' ? '(none)' : String(value));
const num = (value: AssistantCell) => (typeof value === 'number' ? value : null);

/**
 * The chart of an answer, or null when it has nothing to draw. Three shapes: the series themselves as
 * categories (x = ''), a long table pivoted by a group column (one series per group), or one series per
 * numeric column along the x column.
 */
export function buildAssistantChart(answer: AssistantAnswer, currency: string): ChartOption | null {
  const chart = answer.chart;
  if (!chart || answer.rows.length === 0) return null;
  const col = (name: string) => answer.columns.indexOf(name);
  const money = chart.series.every(isMoneyColumn);
  const axisLabel = { formatter: (v: number) => (money ? formatMoney(v, currency, { compact: true }) : String(v)) };
  const type = chart.type === 'line' ? 'line' : 'bar';

  let categories: string[];
  let series: { name: string; data: (number | null)[] }[];
  if (chart.x === '') {
    categories = chart.series.map((s) => s.replace(/_/g, ' '));
    series = [{ name: answer.understood.summary, data: chart.series.map((s) => num(answer.rows[0]?.[col(s)] ?? null)) }];
  } else if (chart.groupBy && col(chart.groupBy) >= 0) {
    const x = col(chart.x);
    const g = col(chart.groupBy);
    const value = col(chart.series[0] ?? '');
    categories = [...new Set(answer.rows.map((r) => label(r[x] ?? null)))];
    const groups = [...new Set(answer.rows.map((r) => label(r[g] ?? null)))];
    series = groups.map((name) => ({
      name,
      data: categories.map((c) => {
        const row = answer.rows.find((r) => label(r[x] ?? null) === c && label(r[g] ?? null) === name);
        return row ? num(row[value] ?? null) : 0;
      }),
    }));
  } else {
    const x = col(chart.x);
    if (x < 0) return null;
    categories = answer.rows.map((r) => label(r[x] ?? null));
    series = chart.series.filter((s) => col(s) >= 0).map((s) => ({ name: s.replace(/_/g, ' '), data: answer.rows.map((r) => num(r[col(s)] ?? null)) }));
  }
  if (series.length === 0) return null;

  return {
    grid: { left: 64, right: 16, top: series.length > 1 ? 36 : 16, bottom: 48, containLabel: true },
    tooltip: {
      trigger: 'axis',
      valueFormatter: (v) => (typeof v === 'number' ? (money ? formatMoney(v, currency) : String(v)) : String(v ?? '')),
    },
    legend: series.length > 1 ? { top: 0, type: 'scroll' } : undefined,
    xAxis: { type: 'category', data: categories, axisLabel: { hideOverlap: true, rotate: categories.length > 8 && type === 'bar' ? 30 : 0 } },
    yAxis: { type: 'value', axisLabel, name: money ? currency : undefined },
    series: series.map((s) => ({ type, name: s.name, data: s.data, stack: chart.groupBy && type === 'bar' ? 'total' : undefined, showSymbol: false })),
  } as ChartOption;
}
