import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api';
import type { BudgetStatus, ModelScore, ScopeForecast } from '../../api/types';
import { Card, PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorState, Loading } from '../../components/States';
import { formatDate, formatDateTime, formatMoney, formatNumber, formatPercent } from '../../lib/format';
import { ForecastChart } from './ForecastChart';

const MODEL_LABELS: Record<string, string> = {
  seasonal_naive: 'Weekly seasonal naive',
  ets_damped: 'Holt-Winters (damped trend, weekly)',
  theta: 'Theta (weekly deseasonalised)',
  robust_trend: 'Robust trend + weekdays',
  gbm_fasttree: 'Gradient-boosted trees (FastTree)',
  combination: 'Combination (mean of three)',
};

export const modelLabel = (model: string | null | undefined) => (model ? (MODEL_LABELS[model] ?? model) : '—');

const STATE_LABELS: Record<string, string> = {
  on_track: 'On track',
  at_risk: 'At risk',
  forecast_over: 'Forecast over budget',
  exceeded: 'Exceeded',
  no_forecast: 'No forecast',
};

function scopeLabel(subAccountId: string | null, serviceName: string | null) {
  if (!subAccountId && !serviceName) return 'Total';
  if (subAccountId && serviceName) return `${serviceName} · ${subAccountId}`;
  return subAccountId ? `Account ${subAccountId}` : (serviceName ?? '');
}

function BacktestTable({ scores, currency }: { scores: ModelScore[]; currency: string }) {
  const naive = scores.find((s) => s.model === 'seasonal_naive')?.mase ?? null;
  return (
    <div className="table-wrap">
      <table className="table" data-testid="forecast-backtest">
        <thead>
          <tr>
            <th>Model</th>
            <th className="num">MASE</th>
            <th className="num">vs seasonal naive</th>
            <th className="num">sMAPE</th>
            <th className="num">Mean abs. error</th>
            <th className="num">Bias</th>
          </tr>
        </thead>
        <tbody>
          {[...scores]
            .sort((a, b) => (a.mase ?? Infinity) - (b.mase ?? Infinity))
            .map((s) => (
              <tr key={s.model} className={s.selected ? 'row-selected' : undefined}>
                <td>
                  {modelLabel(s.model)} {s.selected ? <strong>· chosen</strong> : null}
                </td>
                <td className="num">{formatNumber(s.mase, { maximumFractionDigits: 3 })}</td>
                <td className="num">{s.mase !== null && naive ? formatPercent(s.mase / naive) : '—'}</td>
                <td className="num">{s.smape !== null ? `${formatNumber(s.smape, { maximumFractionDigits: 1 })}%` : '—'}</td>
                <td className="num">{formatMoney(s.mae, currency)}</td>
                <td className="num">{formatMoney(s.bias, currency)}</td>
              </tr>
            ))}
        </tbody>
      </table>
    </div>
  );
}

function BudgetCard({ status, currency }: { status: BudgetStatus; currency: string }) {
  const used = status.budget > 0 ? status.forecastMonthEnd / status.budget : 0;
  return (
    <div className="card kpi" data-testid="forecast-budget">
      <div className="kpi-label">{status.scope === 'total' ? 'All accounts' : `${status.name ?? ''} (${status.subAccountId})`}</div>
      <div className="kpi-value">{formatMoney(status.forecastMonthEnd, currency)}</div>
      <div className="kpi-foot">
        <span className={status.state === 'on_track' ? 'delta delta-down' : 'delta delta-up'}>{STATE_LABELS[status.state] ?? status.state}</span>
        <span>
          forecast vs budget {formatMoney(status.budget, currency)} ({formatPercent(used)}); 80% range {formatMoney(status.lower80, currency)} –{' '}
          {formatMoney(status.upper80, currency)}; {formatPercent(status.probabilityOverBudget)} chance of going over
          {status.crossingDay ? `; crossed around ${formatDate(status.crossingDay)}` : ''}
        </span>
      </div>
      <div className="bar-track" aria-hidden="true">
        <div className="bar-fill" style={{ width: `${Math.min(100, (status.actualToDate / Math.max(status.budget, 1)) * 100)}%` }} />
      </div>
    </div>
  );
}

function ScopeView({ forecast }: { forecast: ScopeForecast }) {
  if (forecast.status === 'insufficient_history' || forecast.status === 'not_forecast') {
    return (
      <EmptyState title={forecast.status === 'insufficient_history' ? 'Not enough history to forecast' : 'No forecast yet'}>
        {forecast.message}
      </EmptyState>
    );
  }
  const chosen = forecast.backtest.find((s) => s.selected);
  const naive = forecast.backtest.find((s) => s.model === 'seasonal_naive');
  return (
    <>
      <div className="kpi-grid">
        {forecast.months.slice(0, 3).map((m) => (
          <div className="card kpi" key={m.month}>
            <div className="kpi-label">{formatDate(m.month, { style: 'month' })}</div>
            <div className="kpi-value">{formatMoney(m.predicted, forecast.currency)}</div>
            <div className="kpi-foot">
              80%: {formatMoney(m.lower80, forecast.currency)} – {formatMoney(m.upper80, forecast.currency)} · 95%:{' '}
              {formatMoney(m.lower95, forecast.currency)} – {formatMoney(m.upper95, forecast.currency)}
              {m.actualToDate > 0 ? ` · ${formatMoney(m.actualToDate, forecast.currency)} spent so far` : ''}
            </div>
          </div>
        ))}
      </div>
      <p className="muted">
        Chosen model: <strong>{modelLabel(forecast.model)}</strong>
        {chosen?.mase != null && naive?.mase ? `, backtest MASE ${formatNumber(chosen.mase, { maximumFractionDigits: 3 })} — ${formatPercent(chosen.mase / naive.mase)} of the weekly seasonal naive's error` : ''}.
        It had the lowest mean absolute scaled error over rolling 28-day forecasts from each of the last weeks; the bands are that model's own backtest errors, so about 8 days in 10 should fall inside the darker one.
      </p>
      <Card title="Backtest" subtitle="Every candidate, same origins and days; lower MASE is better, below 1 beats the naive forecast's in-sample error">
        <BacktestTable scores={forecast.backtest} currency={forecast.currency} />
      </Card>
    </>
  );
}

export default function ForecastsPage() {
  const [params, setParams] = useSearchParams();
  const subAccountId = params.get('subAccountId') ?? '';
  const serviceName = params.get('serviceName') ?? '';
  const currency = params.get('currency') ?? undefined;

  const models = useQuery({ queryKey: ['forecasts', 'models', currency], queryFn: ({ signal }) => api.forecasts.models(currency, signal) });
  const monthEnd = useQuery({ queryKey: ['forecasts', 'month-end', currency], queryFn: ({ signal }) => api.forecasts.monthEnd(currency, signal) });
  const scope = useQuery({
    queryKey: ['forecasts', 'scope', subAccountId, serviceName, currency],
    queryFn: ({ signal }) => api.forecasts.scope({ subAccountId, serviceName, currency, historyDays: 120 }, signal),
  });

  const options = useMemo(
    () => (models.data?.scopes ?? []).map((s) => ({ key: `${s.subAccountId ?? ''}|${s.serviceName ?? ''}`, label: scopeLabel(s.subAccountId, s.serviceName), status: s.status })),
    [models.data],
  );

  const select = (key: string) => {
    const [sub, service] = key.split('|');
    const next = new URLSearchParams(params);
    if (sub) next.set('subAccountId', sub);
    else next.delete('subAccountId');
    if (service) next.set('serviceName', service);
    else next.delete('serviceName');
    setParams(next, { replace: true });
  };

  const budgets = monthEnd.data ? [...(monthEnd.data.totalBudget ? [monthEnd.data.totalBudget] : []), ...monthEnd.data.accounts] : [];

  return (
    <>
      <PageHeader
        title="Forecasts"
        description="Daily cost forecasts with 80% and 95% prediction intervals; the model is chosen per scope by backtest."
        actions={
          <label className="field-inline">
            <span className="muted">Scope</span>{' '}
            <select data-testid="forecast-scope" value={`${subAccountId}|${serviceName}`} onChange={(e) => select(e.target.value)}>
              {options.length === 0 ? <option value="|">Total</option> : null}
              {options.map((o) => (
                <option key={o.key} value={o.key}>
                  {o.label}
                  {o.status !== 'ok' ? ' (not enough history)' : ''}
                </option>
              ))}
            </select>
          </label>
        }
      />

      <Card
        title={scopeLabel(subAccountId || null, serviceName || null)}
        subtitle={
          scope.data?.asOf
            ? `Actuals through ${formatDate(scope.data.asOf)}, forecast generated ${formatDateTime(scope.data.generatedAt)} · ${scope.data.currency}`
            : undefined
        }
      >
        <div data-testid="chart-forecast" className="chart-box">
          {scope.isPending ? (
            <Loading rows={6} label="Loading forecast…" />
          ) : scope.isError ? (
            <ErrorState error={scope.error} onRetry={() => void scope.refetch()} />
          ) : scope.data.history.length === 0 && scope.data.points.length === 0 ? (
            <EmptyState title="No cost data for this scope">{scope.data.message}</EmptyState>
          ) : (
            <ForecastChart forecast={scope.data} />
          )}
        </div>
        {scope.data ? <ScopeView forecast={scope.data} /> : null}
      </Card>

      <Card title="Budgets" subtitle={monthEnd.data ? `${formatDate(monthEnd.data.month, { style: 'month' })}: actuals plus forecast against each account's monthly budget` : undefined}>
        {monthEnd.isPending ? (
          <Loading rows={3} />
        ) : monthEnd.isError ? (
          <ErrorState error={monthEnd.error} onRetry={() => void monthEnd.refetch()} />
        ) : budgets.length === 0 ? (
          <EmptyState title="No budgets set">Give accounts a monthly budget under Settings → Accounts to compare it with the forecast.</EmptyState>
        ) : (
          <div className="kpi-grid">
            {budgets.map((b) => (
              <BudgetCard key={b.subAccountId ?? 'total'} status={b} currency={monthEnd.data.currency} />
            ))}
          </div>
        )}
      </Card>
    </>
  );
}
