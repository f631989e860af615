import type { CostTimeseries, Granularity } from '../api/types';
import { eachDay, eachMonth } from './format';

export interface AlignedSeries {
  /** The x axis: every day (or month) of the range, `YYYY-MM-DD`. */
  dates: string[];
  series: { key: string; values: number[]; total: number }[];
  /** Sum over all series for each date. */
  totals: number[];
}

function bucket(date: string, granularity: Granularity): string {
  return granularity === 'month' ? `${date.slice(0, 7)}-01` : date.slice(0, 10);
}

/**
 * Puts every series on one axis covering the whole requested range, with zero where a series has
 * no point (the API leaves days without cost out). Dates outside the range are kept, so nothing
 * the API sent is ever hidden. Series stay in the API's order, except "Other", which goes last.
 */
export function alignSeries(timeseries: Pick<CostTimeseries, 'series'>, from: string, to: string, granularity: Granularity): AlignedSeries {
  const axis = new Set(granularity === 'month' ? eachMonth(from, to) : eachDay(from, to));
  for (const s of timeseries.series ?? []) for (const p of s.points ?? []) axis.add(bucket(p.date, granularity));
  const dates = [...axis].sort();
  const position = new Map(dates.map((d, i) => [d, i] as const));

  const series = (timeseries.series ?? []).map((s) => {
    const values = new Array<number>(dates.length).fill(0);
    for (const p of s.points ?? []) {
      const i = position.get(bucket(p.date, granularity));
      if (i !== undefined && Number.isFinite(p.cost)) values[i] = (values[i] ?? 0) + p.cost;
    }
    return { key: s.key, values, total: values.reduce((a, b) => a + b, 0) };
  });
  series.sort((a, b) => Number(a.key === 'Other') - Number(b.key === 'Other'));

  const totals = dates.map((_, i) => series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  return { dates, series, totals };
}
