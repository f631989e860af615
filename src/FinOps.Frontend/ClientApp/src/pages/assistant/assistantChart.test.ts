import { describe, expect, it } from 'vitest';
import type { AssistantAnswer } from '../../api';
import { buildAssistantChart, columnLabel, isMoneyColumn } from './assistantChart';

function answer(partial: Partial<AssistantAnswer>): AssistantAnswer {
  return {
    answer: '',
    sql: 'select 1',
    columns: [],
    rows: [],
    chart: null,
    understood: { source: 'grammar', summary: 'Effective cost', intent: 'cost', measure: 'effective_cost', dimensions: [], filters: [], period: null, comparedWith: null, ranking: null, currency: 'USD', assumptions: [], granularity: null },
    kind: 'answer',
    suggestions: [],
    truncated: false,
    ...partial,
  };
}

type Series = { name: string; data: (number | null)[]; type: string; stack?: string };

describe('buildAssistantChart', () => {
  it('draws one bar per row along the x column', () => {
    const option = buildAssistantChart(
      answer({
        columns: ['sub_account_id', 'sub_account_name', 'effective_cost'],
        rows: [['1', 'acme-prod', 120.5], ['2', 'acme-data', 80]],
        chart: { type: 'bar', x: 'sub_account_name', series: ['effective_cost'], groupBy: null, unit: 'USD' },
      }),
      'USD',
    )!;
    expect((option.xAxis as { data: string[] }).data).toEqual(['acme-prod', 'acme-data']);
    expect((option.series as Series[])[0]!.data).toEqual([120.5, 80]);
  });

  it('pivots a long table into one stacked series per group, with zeros for missing points', () => {
    const option = buildAssistantChart(
      answer({
        columns: ['day', 'provider_name', 'effective_cost'],
        rows: [['2026-09-01', 'AWS', 10], ['2026-09-01', 'Microsoft', 5], ['2026-09-02', 'AWS', 12]],
        chart: { type: 'line', x: 'day', series: ['effective_cost'], groupBy: 'provider_name', unit: 'USD' },
      }),
      'USD',
    )!;
    const series = option.series as Series[];
    expect(series.map((s) => s.name)).toEqual(['AWS', 'Microsoft']);
    expect(series[1]!.data).toEqual([5, 0]);
  });

  it('charts a single comparison row with its series as categories', () => {
    const option = buildAssistantChart(
      answer({
        columns: ['previous_cost', 'current_cost', 'change', 'change_pct'],
        rows: [[100, 150, 50, 50]],
        chart: { type: 'bar', x: '', series: ['previous_cost', 'current_cost'], groupBy: null, unit: 'USD' },
      }),
      'USD',
    )!;
    expect((option.xAxis as { data: string[] }).data).toEqual(['previous cost', 'current cost']);
    expect((option.series as Series[])[0]!.data).toEqual([100, 150]);
  });

  it('draws nothing without a chart or rows', () => {
    expect(buildAssistantChart(answer({ columns: ['x'], rows: [] }), 'USD')).toBeNull();
  });

  it('knows money columns and labels them', () => {
    expect(isMoneyColumn('effective_cost')).toBe(true);
    expect(isMoneyColumn('estimated_monthly_savings')).toBe(true);
    expect(isMoneyColumn('change_pct')).toBe(false);
    expect(columnLabel('sub_account_name')).toBe('Sub account name');
  });
});
