import { useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import { useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import {
  api,
  buildQuery,
  GROUP_BY_OPTIONS,
  METRIC_OPTIONS,
  type CostMetric,
  type CostQuery,
  type Granularity,
  type GroupBy,
} from '../../api';
import { CostChart } from '../../components/CostChart';
import { AnomalyMarkerList, useAnomalyMarkers } from '../anomalies/anomalyMarkers';
import { Icon } from '../../components/Icon';
import { Card, PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorState, Loading, ProblemAlert, Spinner } from '../../components/States';
import { addDays, formatDate, formatMoney, formatPercent, parseIsoDate, startOfMonth, toIsoDate } from '../../lib/format';

const FILTERS = ['provider', 'subAccountId', 'serviceName', 'regionId'] as const;
type FilterName = (typeof FILTERS)[number];

/** Which filter a breakdown row maps to when clicked, per group-by. */
const DRILL_DOWN: Partial<Record<GroupBy, FilterName>> = {
  service: 'serviceName',
  sub_account: 'subAccountId',
  region: 'regionId',
  provider: 'provider',
};

function isOneOf<T extends string>(value: string | null, allowed: readonly T[]): value is T {
  return value !== null && (allowed as readonly string[]).includes(value);
}

function quickRanges(today: Date): { label: string; from: string; to: string }[] {
  const lastMonthStart = new Date(today.getFullYear(), today.getMonth() - 1, 1);
  return [
    { label: '7 days', from: toIsoDate(addDays(today, -6)), to: toIsoDate(today) },
    { label: '30 days', from: toIsoDate(addDays(today, -29)), to: toIsoDate(today) },
    { label: '90 days', from: toIsoDate(addDays(today, -89)), to: toIsoDate(today) },
    { label: 'This month', from: toIsoDate(startOfMonth(today)), to: toIsoDate(today) },
    { label: 'Last month', from: toIsoDate(lastMonthStart), to: toIsoDate(addDays(startOfMonth(today), -1)) },
    { label: '12 months', from: toIsoDate(new Date(today.getFullYear(), today.getMonth() - 11, 1)), to: toIsoDate(today) },
  ];
}

/** A text filter that applies on Enter or when it loses focus, not on every keystroke. */
function FilterInput({ label, value, onCommit, list, placeholder, testId }: {
  label: string;
  value: string;
  onCommit: (value: string) => void;
  list?: string;
  placeholder?: string;
  testId: string;
}) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  const commit = () => {
    if (draft.trim() !== value) onCommit(draft.trim());
  };
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      <input
        type="search"
        value={draft}
        list={list}
        placeholder={placeholder ?? 'Any'}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e: KeyboardEvent<HTMLInputElement>) => {
          if (e.key === 'Enter') commit();
        }}
        data-testid={testId}
      />
    </label>
  );
}

export default function CostExplorerPage() {
  const [params, setParams] = useSearchParams();
  const today = useMemo(() => new Date(), []);
  const ranges = useMemo(() => quickRanges(today), [today]);
  const defaultRange = ranges[1]!;

  const from = params.get('from') ?? defaultRange.from;
  const to = params.get('to') ?? defaultRange.to;
  const granularityParam = params.get('granularity');
  const granularity: Granularity = isOneOf(granularityParam, ['day', 'month'] as const) ? granularityParam : 'day';
  const groupByParam = params.get('groupBy');
  const groupBy: GroupBy = isOneOf(groupByParam, GROUP_BY_OPTIONS.map((o) => o.value)) ? groupByParam : 'service';
  const metricParam = params.get('metric');
  const metric: CostMetric = isOneOf(metricParam, METRIC_OPTIONS.map((o) => o.value)) ? metricParam : 'effective';
  const filters = Object.fromEntries(FILTERS.map((f) => [f, params.get(f) ?? ''])) as Record<FilterName, string>;

  const rangeError = !parseIsoDate(from) || !parseIsoDate(to) ? 'Choose both dates.' : from > to ? 'The start date is after the end date.' : null;

  const update = (changes: Record<string, string | null>) => {
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [k, v] of Object.entries(changes)) {
          if (v === null || v === '') next.delete(k);
          else next.set(k, v);
        }
        return next;
      },
      { replace: true },
    );
  };

  const query: CostQuery = { from, to, granularity, groupBy, metric, ...filters };
  const metricLabel = METRIC_OPTIONS.find((m) => m.value === metric)?.label ?? 'Cost';
  const groupLabel = GROUP_BY_OPTIONS.find((g) => g.value === groupBy)?.label ?? groupBy;

  const anomalyMarkers = useAnomalyMarkers(from, to);
  const timeseries = useQuery({
    queryKey: ['costs', 'timeseries', query],
    queryFn: ({ signal }) => api.costs.timeseries({ ...query, top: 8 }, signal),
    enabled: rangeError === null,
    placeholderData: (previous) => previous,
  });
  const breakdown = useQuery({
    queryKey: ['costs', 'breakdown', query],
    queryFn: ({ signal }) => api.costs.breakdown(query, signal),
    enabled: rangeError === null,
    placeholderData: (previous) => previous,
  });
  const accounts = useQuery({ queryKey: ['accounts'], queryFn: ({ signal }) => api.accounts.list(signal) });

  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<unknown>(null);
  const exportHref = `/api/v1/costs/export${buildQuery(query)}`;
  const downloadCsv = async () => {
    setExporting(true);
    setExportError(null);
    try {
      const { blob, fileName } = await api.costs.exportCsv(query);
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = fileName;
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      setExportError(e);
    } finally {
      setExporting(false);
    }
  };

  const providers = [...new Set((accounts.data ?? []).map((a) => a.provider))];
  const drillFilter = DRILL_DOWN[groupBy];
  const activeFilters = FILTERS.filter((f) => filters[f]);

  return (
    <>
      <PageHeader
        title="Cost Explorer"
        description="Slice cost by service, account, region, provider or charge category over any period."
        actions={
          <a
            className="btn"
            href={exportHref}
            onClick={(e) => {
              e.preventDefault();
              if (!exporting && rangeError === null) void downloadCsv();
            }}
            data-testid="download-csv"
            aria-disabled={rangeError !== null || exporting}
          >
            {exporting ? <Spinner label="Preparing CSV…" /> : (<><Icon name="download" size={16} /> Download CSV</>)}
          </a>
        }
      />
      <ProblemAlert error={exportError} />

      <section className="card toolbar" aria-label="Query">
        <div className="toolbar-row">
          <label className="field">
            <span className="field-label">From</span>
            <input type="date" value={from} max={to} onChange={(e) => update({ from: e.target.value })} data-testid="filter-from" />
          </label>
          <label className="field">
            <span className="field-label">To</span>
            <input type="date" value={to} min={from} onChange={(e) => update({ to: e.target.value })} data-testid="filter-to" />
          </label>
          <div className="field">
            <span className="field-label">Range</span>
            <div className="chips">
              {ranges.map((r) => (
                <button
                  key={r.label}
                  type="button"
                  className={`chip${r.from === from && r.to === to ? ' chip-active' : ''}`}
                  onClick={() => update({ from: r.from, to: r.to, ...(r.label === '12 months' ? { granularity: 'month' } : {}) })}
                >
                  {r.label}
                </button>
              ))}
            </div>
          </div>
        </div>
        <div className="toolbar-row">
          <div className="field">
            <span className="field-label">Granularity</span>
            <div className="segmented" role="group" aria-label="Granularity">
              {(['day', 'month'] as const).map((g) => (
                <button
                  key={g}
                  type="button"
                  aria-pressed={granularity === g}
                  className={granularity === g ? 'active' : ''}
                  onClick={() => update({ granularity: g })}
                  data-testid={`granularity-${g}`}
                >
                  {g === 'day' ? 'Daily' : 'Monthly'}
                </button>
              ))}
            </div>
          </div>
          <label className="field">
            <span className="field-label">Group by</span>
            <select value={groupBy} onChange={(e) => update({ groupBy: e.target.value })} data-testid="filter-group-by">
              {GROUP_BY_OPTIONS.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field-label">Metric</span>
            <select value={metric} onChange={(e) => update({ metric: e.target.value })} data-testid="filter-metric">
              {METRIC_OPTIONS.map((o) => (
                <option key={o.value} value={o.value} title={o.hint}>
                  {o.label}
                </option>
              ))}
            </select>
          </label>
        </div>
        <div className="toolbar-row">
          <FilterInput label="Provider" value={filters.provider} list="provider-options" onCommit={(v) => update({ provider: v })} testId="filter-provider" />
          <FilterInput
            label="Sub-account"
            value={filters.subAccountId}
            list="sub-account-options"
            placeholder="Any (ID)"
            onCommit={(v) => update({ subAccountId: v })}
            testId="filter-sub-account"
          />
          <FilterInput label="Service" value={filters.serviceName} onCommit={(v) => update({ serviceName: v })} testId="filter-service" />
          <FilterInput label="Region" value={filters.regionId} onCommit={(v) => update({ regionId: v })} testId="filter-region" />
        </div>
        <datalist id="provider-options">
          {providers.map((p) => (
            <option key={p} value={p} />
          ))}
        </datalist>
        <datalist id="sub-account-options">
          {(accounts.data ?? []).map((a) => (
            <option key={a.id} value={a.subAccountId}>
              {a.name}
            </option>
          ))}
        </datalist>
        {activeFilters.length > 0 ? (
          <div className="active-filters">
            {activeFilters.map((f) => (
              <button key={f} type="button" className="chip chip-active" onClick={() => update({ [f]: null })} title="Remove filter">
                {f === 'subAccountId' ? 'Sub-account' : f === 'serviceName' ? 'Service' : f === 'regionId' ? 'Region' : 'Provider'}: {filters[f]} ×
              </button>
            ))}
            <button type="button" className="link-btn" onClick={() => update(Object.fromEntries(FILTERS.map((f) => [f, null])))}>
              Clear filters
            </button>
          </div>
        ) : null}
        {rangeError ? <div className="field-error">{rangeError}</div> : null}
      </section>

      <Card
        title={`${metricLabel} by ${groupLabel.toLowerCase()}`}
        subtitle={`${formatDate(from)} – ${formatDate(to)}, ${granularity === 'day' ? 'daily' : 'monthly'}`}
        actions={timeseries.isFetching && !timeseries.isPending ? <Spinner label="Updating…" /> : null}
      >
        <div data-testid="chart-cost-explorer" className="chart-box">
          {rangeError ? (
            <EmptyState title="Choose a valid date range" />
          ) : timeseries.isPending ? (
            <Loading rows={6} label="Loading costs…" />
          ) : timeseries.isError ? (
            <ErrorState error={timeseries.error} onRetry={() => void timeseries.refetch()} />
          ) : timeseries.data.series.length === 0 ? (
            <EmptyState title="No cost in this range">Widen the date range or clear the filters.</EmptyState>
          ) : (
            <>
              <div className="chart-total" data-testid="explorer-total">
                {formatMoney(timeseries.data.total, timeseries.data.currency)} <span className="muted">total</span>
              </div>
              <CostChart
                data={timeseries.data}
                from={from}
                to={to}
                granularity={granularity}
                metricLabel={metricLabel}
                height={380}
                markers={anomalyMarkers.markers}
              />
              <AnomalyMarkerList items={anomalyMarkers.items} />
            </>
          )}
        </div>
      </Card>

      <Card title="Breakdown" subtitle={drillFilter ? 'Click a row to filter by it.' : undefined}>
        {rangeError ? null : breakdown.isPending ? (
          <Loading rows={5} />
        ) : breakdown.isError ? (
          <ErrorState error={breakdown.error} onRetry={() => void breakdown.refetch()} />
        ) : breakdown.data.items.length === 0 ? (
          <EmptyState title="Nothing to break down" />
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="breakdown-table">
              <thead>
                <tr>
                  <th>{groupLabel}</th>
                  <th className="num">{metricLabel}</th>
                  <th className="share-col">Share</th>
                </tr>
              </thead>
              <tbody>
                {breakdown.data.items.map((item) => {
                  const clickable = drillFilter !== undefined && item.key !== 'Other' && filters[drillFilter] !== item.key;
                  return (
                    <tr
                      key={item.key}
                      className={clickable ? 'clickable' : undefined}
                      onClick={clickable ? () => update({ [drillFilter]: item.key }) : undefined}
                    >
                      <td className="strong">{item.key || '(none)'}</td>
                      <td className="num">{formatMoney(item.cost, breakdown.data.currency)}</td>
                      <td className="share-col">
                        <div className="share">
                          <div className="bar-track">
                            <div className="bar-fill" style={{ width: `${Math.max(0, Math.min(1, item.share)) * 100}%` }} />
                          </div>
                          <span>{formatPercent(item.share)}</span>
                        </div>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
              <tfoot>
                <tr>
                  <td>Total</td>
                  <td className="num">{formatMoney(breakdown.data.total, breakdown.data.currency)}</td>
                  <td className="share-col">{formatPercent(1, { fractionDigits: 0 })}</td>
                </tr>
              </tfoot>
            </table>
          </div>
        )}
      </Card>
    </>
  );
}
