import { useMemo, type ReactNode } from 'react';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { api, type AnomalySummary, type CostSummary, type SavingsSummary } from '../../api';
import { AnomalyMarkerList, useAnomalyMarkers } from '../anomalies/anomalyMarkers';
import { Badge } from '../../components/Badge';
import { CostChart } from '../../components/CostChart';
import { Card, PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorState, Loading } from '../../components/States';
import {
  addDays,
  EMPTY_VALUE,
  formatChange,
  formatDate,
  formatDateTime,
  formatMoney,
  formatPercent,
  formatProvider,
  relativeChange,
  toIsoDate,
} from '../../lib/format';

function KpiCard({ testId, label, value, children, loading }: {
  testId: string;
  label: string;
  value: string;
  children?: ReactNode;
  loading?: boolean;
}) {
  return (
    <div className="card kpi" data-testid={testId}>
      <div className="kpi-label">{label}</div>
      {loading ? <div className="skeleton kpi-skeleton" /> : <div className="kpi-value">{value}</div>}
      <div className="kpi-foot">{children}</div>
    </div>
  );
}

function MonthToDateKpi({ summary, isLoading, error }: { summary?: CostSummary; isLoading: boolean; error: unknown }) {
  if (error) {
    return (
      <KpiCard testId="kpi-month-to-date" label="Month-to-date cost" value={EMPTY_VALUE}>
        <span className="text-danger">{error instanceof Error ? error.message : 'Could not load.'}</span>
      </KpiCard>
    );
  }
  const change = summary ? relativeChange(summary.monthToDate, summary.previousMonthToDate) : null;
  return (
    <KpiCard
      testId="kpi-month-to-date"
      label="Month-to-date cost"
      value={summary ? formatMoney(summary.monthToDate, summary.currency) : EMPTY_VALUE}
      loading={isLoading}
    >
      {summary ? (
        <>
          {change !== null ? (
            <span className={change > 0 ? 'delta delta-up' : 'delta delta-down'} title="Against the same days of last month">
              {formatChange(change)}
            </span>
          ) : null}
          <span>
            vs {formatMoney(summary.previousMonthToDate, summary.currency)} last month to date
            {summary.dataThrough ? ` · data through ${formatDate(summary.dataThrough)}` : ' · no data yet'}
          </span>
        </>
      ) : null}
    </KpiCard>
  );
}

/** The month-end total from the latest forecast (actuals so far plus the forecast of the rest) with its 80% interval. */
function ForecastMonthEndKpi() {
  const monthEnd = useQuery({ queryKey: ['forecasts', 'month-end', undefined], queryFn: ({ signal }) => api.forecasts.monthEnd(undefined, signal) });
  const data = monthEnd.data;
  const ok = data?.status === 'ok' && data.forecastMonthEnd !== null;
  return (
    <KpiCard
      testId="kpi-forecast-month-end"
      label="Forecast month-end"
      value={ok ? formatMoney(data.forecastMonthEnd, data.currency) : EMPTY_VALUE}
      loading={monthEnd.isPending}
    >
      {monthEnd.isError ? (
        <span className="text-danger">{monthEnd.error instanceof Error ? monthEnd.error.message : 'Could not load.'}</span>
      ) : ok ? (
        <>
          <span title="80% prediction interval">
            80%: {formatMoney(data.lower80, data.currency)} – {formatMoney(data.upper80, data.currency)}
          </span>
          <span>
            {' '}
            · {formatDate(data.month, { style: 'month' })} · last month {formatMoney(data.previousMonthTotal, data.currency)}
            {data.totalBudget ? ` · budget ${formatMoney(data.totalBudget.budget, data.currency)} (${formatPercent(data.totalBudget.probabilityOverBudget)} chance over)` : ''}
          </span>{' '}
          <Link to="/forecasts">Details</Link>
        </>
      ) : data ? (
        <span className="muted">{data.message}</span>
      ) : null}
    </KpiCard>
  );
}

/** Open recommendations' estimated monthly savings, and what applied ones realized this month (proven from the bills). */
function PotentialSavingsKpi({ summary, isLoading, error }: { summary?: SavingsSummary; isLoading: boolean; error: unknown }) {
  if (error) {
    return (
      <KpiCard testId="kpi-potential-savings" label="Potential savings" value={EMPTY_VALUE}>
        <span className="text-danger">{error instanceof Error ? error.message : 'Could not load.'}</span>
      </KpiCard>
    );
  }
  return (
    <KpiCard
      testId="kpi-potential-savings"
      label="Potential savings"
      value={summary ? `${formatMoney(summary.openMonthlySavings, summary.currency)}/mo` : EMPTY_VALUE}
      loading={isLoading}
    >
      {summary ? (
        <span>
          <Link to="/recommendations">{summary.openCount} open recommendation{summary.openCount === 1 ? '' : 's'}</Link> ·{' '}
          <Link to="/savings" data-testid="kpi-realized-this-month">
            {formatMoney(summary.realizedThisMonth, summary.currency)} realized this month
          </Link>
        </span>
      ) : null}
    </KpiCard>
  );
}

function OpenAnomaliesKpi({ summary, isLoading, error }: { summary?: AnomalySummary; isLoading: boolean; error: unknown }) {
  if (error) {
    return (
      <KpiCard testId="kpi-open-anomalies" label="Open anomalies" value={EMPTY_VALUE}>
        <span className="text-danger">{error instanceof Error ? error.message : 'Could not load.'}</span>
      </KpiCard>
    );
  }
  const severe = summary ? (summary.bySeverity.critical ?? 0) + (summary.bySeverity.high ?? 0) : 0;
  return (
    <KpiCard testId="kpi-open-anomalies" label="Open anomalies" value={summary ? String(summary.open) : EMPTY_VALUE} loading={isLoading}>
      {summary ? (
        <Link to="/anomalies">
          {summary.open === 0 ? 'Nothing unexpected' : `${severe} high or critical · +${formatMoney(summary.openImpact, 'USD')} above expected`}
        </Link>
      ) : null}
    </KpiCard>
  );
}

function TopServices({ summary }: { summary: CostSummary }) {
  const services = summary.topServices ?? [];
  if (services.length === 0) return <EmptyState title="No service costs this month yet" />;
  const max = Math.max(...services.map((s) => s.cost), 0);
  return (
    <ol className="rank-list" data-testid="top-services">
      {services.map((service) => (
        <li key={service.key}>
          <div className="rank-row">
            <span className="rank-name" title={service.key}>
              {service.key}
            </span>
            <span className="rank-value">{formatMoney(service.cost, summary.currency)}</span>
          </div>
          <div className="bar-track" aria-hidden="true">
            <div className="bar-fill" style={{ width: `${max > 0 ? (service.cost / max) * 100 : 0}%` }} />
          </div>
          <div className="rank-share muted">
            {summary.monthToDate > 0 ? `${formatPercent(service.cost / summary.monthToDate)} of month to date` : '\u00a0'}
          </div>
        </li>
      ))}
    </ol>
  );
}

export default function OverviewPage() {
  const range = useMemo(() => {
    const today = new Date();
    return { from: toIsoDate(addDays(today, -29)), to: toIsoDate(today) };
  }, []);

  const summary = useQuery({ queryKey: ['costs', 'summary'], queryFn: ({ signal }) => api.costs.summary(signal) });
  const daily = useQuery({
    queryKey: ['costs', 'timeseries', 'overview', range],
    queryFn: ({ signal }) =>
      api.costs.timeseries({ ...range, granularity: 'day', groupBy: 'service', metric: 'effective', top: 8 }, signal),
  });
  const savings = useQuery({ queryKey: ['savings', 'summary'], queryFn: ({ signal }) => api.savings.summary(signal) });
  const accounts = useQuery({ queryKey: ['accounts'], queryFn: ({ signal }) => api.accounts.list(signal) });
  const anomalySummary = useQuery({ queryKey: ['anomalies', 'summary'], queryFn: ({ signal }) => api.anomalies.summary(signal) });
  const anomalyMarkers = useAnomalyMarkers(range.from, range.to);
  const status = useQuery({
    queryKey: ['system', 'status'],
    queryFn: ({ signal }) => api.systemStatus(signal),
    refetchInterval: 30_000,
  });

  return (
    <>
      <PageHeader title="Overview" description="Spend across every connected cloud account, this month and the last 30 days." />

      <div className="kpi-grid">
        <MonthToDateKpi summary={summary.data} isLoading={summary.isPending} error={summary.error} />
        <ForecastMonthEndKpi />
        <OpenAnomaliesKpi summary={anomalySummary.data} isLoading={anomalySummary.isPending} error={anomalySummary.error} />
        <PotentialSavingsKpi summary={savings.data} isLoading={savings.isPending} error={savings.error} />
      </div>

      <div className="grid grid-2-1">
        <Card
          title="Daily cost by service"
          subtitle={`Effective cost, last 30 days (${formatDate(range.from)} – ${formatDate(range.to)})`}
          actions={
            <Link className="btn btn-small" to="/cost-explorer">
              Explore
            </Link>
          }
        >
          <div data-testid="chart-daily-cost" className="chart-box">
            {daily.isPending ? (
              <Loading rows={5} label="Loading daily costs…" />
            ) : daily.isError ? (
              <ErrorState error={daily.error} onRetry={() => void daily.refetch()} />
            ) : daily.data.series.length === 0 ? (
              <EmptyState title="No costs in the last 30 days">
                Upload a billing export on the <Link to="/ingestion">Ingestion</Link> page to see it here.
              </EmptyState>
            ) : (
              <>
                <div className="chart-total">
                  {formatMoney(daily.data.total, daily.data.currency)} <span className="muted">in 30 days</span>
                </div>
                <CostChart
                  data={daily.data}
                  from={range.from}
                  to={range.to}
                  granularity="day"
                  metricLabel="Effective cost"
                  height={320}
                  markers={anomalyMarkers.markers}
                />
                <AnomalyMarkerList items={anomalyMarkers.items} />
              </>
            )}
          </div>
        </Card>

        <Card title="Top services" subtitle="Month to date">
          {summary.isPending ? (
            <Loading rows={5} />
          ) : summary.isError ? (
            <ErrorState error={summary.error} onRetry={() => void summary.refetch()} compact />
          ) : (
            <TopServices summary={summary.data} />
          )}
        </Card>
      </div>

      <div className="grid grid-2-1">
        <Card
          title="Accounts"
          subtitle={accounts.data ? `${accounts.data.length} connected` : undefined}
          actions={
            <Link className="btn btn-small" to="/settings/accounts">
              Manage
            </Link>
          }
        >
          {accounts.isPending ? (
            <Loading rows={4} />
          ) : accounts.isError ? (
            <ErrorState error={accounts.error} onRetry={() => void accounts.refetch()} />
          ) : accounts.data.length === 0 ? (
            <EmptyState title="No accounts yet">
              Add the cloud accounts you pay for under <Link to="/settings/accounts">Settings → Accounts</Link>.
            </EmptyState>
          ) : (
            <div className="table-wrap">
              <table className="table" data-testid="accounts-table">
                <thead>
                  <tr>
                    <th>Name</th>
                    <th>Provider</th>
                    <th>Sub-account</th>
                    <th>Owner / team</th>
                    <th className="num">Monthly budget</th>
                  </tr>
                </thead>
                <tbody>
                  {accounts.data.map((a) => (
                    <tr key={a.id}>
                      <td className="strong">{a.name}</td>
                      <td>{formatProvider(a.provider)}</td>
                      <td className="mono">{a.subAccountId}</td>
                      <td>{[a.owner, a.team].filter(Boolean).join(' · ') || EMPTY_VALUE}</td>
                      <td className="num">{a.monthlyBudget != null ? formatMoney(a.monthlyBudget, a.currency) : EMPTY_VALUE}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Card>

        <Card title="Service health" subtitle={status.data ? `Checked ${formatDateTime(status.data.checkedAt)}` : undefined}>
          {status.isPending ? (
            <Loading rows={4} />
          ) : status.isError ? (
            <ErrorState error={status.error} onRetry={() => void status.refetch()} compact />
          ) : (status.data.components ?? []).length === 0 ? (
            <EmptyState title="No components reported" />
          ) : (
            <ul className="health-list" data-testid="service-health">
              {status.data.components.map((c) => (
                <li key={c.name}>
                  <span className={`dot dot-${c.status}`} aria-hidden="true" />
                  <div className="health-text">
                    <div className="health-name">{c.name}</div>
                    {c.detail ? <div className="muted small">{c.detail}</div> : null}
                  </div>
                  <Badge status={c.status} />
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}
