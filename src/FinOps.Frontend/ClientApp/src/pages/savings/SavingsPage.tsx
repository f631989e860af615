import { useState } from 'react';
import { Link } from 'react-router';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api';
import { Badge } from '../../components/Badge';
import { EChart } from '../../components/EChart';
import { Card, PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorState, Loading } from '../../components/States';
import { EMPTY_VALUE, formatDate, formatMoney, formatNumber, formatPercent } from '../../lib/format';
import { shortResource, typeLabel } from '../recommendations/labels';

const PAGE_SIZE = 25;

export default function SavingsPage() {
  const [page, setPage] = useState(1);
  const summary = useQuery({ queryKey: ['savings', 'summary'], queryFn: ({ signal }) => api.savings.summary(signal) });
  const list = useQuery({
    queryKey: ['savings', 'list', page],
    queryFn: ({ signal }) => api.savings.list({ page, pageSize: PAGE_SIZE }, signal),
    placeholderData: keepPreviousData,
  });
  const s = summary.data;
  const currency = s?.currency ?? 'USD';
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / PAGE_SIZE)) : 1;

  return (
    <>
      <PageHeader
        title="Savings"
        description="Savings of applied recommendations, proven from the bills: the resource's hourly cost rate in the 14 whole days before the change against the whole days after it, × 730 hours."
      />
      {summary.isError ? <ErrorState error={summary.error} onRetry={() => void summary.refetch()} /> : null}
      <div className="kpi-grid">
        <div className="card kpi" data-testid="kpi-realized-this-month">
          <div className="kpi-label">Realized this month</div>
          {s ? <div className="kpi-value">{formatMoney(s.realizedThisMonth, currency)}</div> : <div className="skeleton kpi-skeleton" />}
          <div className="kpi-foot">{s ? `since ${formatDate(s.monthStart)}, through yesterday` : null}</div>
        </div>
        <div className="card kpi" data-testid="kpi-realized-to-date">
          <div className="kpi-label">Realized to date</div>
          {s ? <div className="kpi-value">{formatMoney(s.realizedToDate, currency)}</div> : <div className="skeleton kpi-skeleton" />}
          <div className="kpi-foot">{s ? `${s.validated} validated of ${s.measured} measured` : null}</div>
        </div>
        <div className="card kpi" data-testid="kpi-realized-vs-estimated">
          <div className="kpi-label">Realized vs estimated (monthly)</div>
          {s ? (
            <div className="kpi-value">
              {formatMoney(s.realizedMonthly, currency)} <span className="muted small">/ {formatMoney(s.estimatedMonthlyOfMeasured, currency)}</span>
            </div>
          ) : (
            <div className="skeleton kpi-skeleton" />
          )}
          <div className="kpi-foot">{s?.realizedVsEstimated != null ? `${formatPercent(s.realizedVsEstimated)} of the estimate` : 'nothing measured yet'}</div>
        </div>
        <div className="card kpi" data-testid="kpi-open-potential">
          <div className="kpi-label">Still on the table</div>
          {s ? <div className="kpi-value">{formatMoney(s.openMonthlySavings + s.acceptedMonthlySavings, currency)}</div> : <div className="skeleton kpi-skeleton" />}
          <div className="kpi-foot">
            {s ? (
              <Link to="/recommendations">
                {s.openCount} open, {s.acceptedCount} accepted · {s.appliedPending} applied awaiting bills
              </Link>
            ) : null}
          </div>
        </div>
      </div>

      <Card title="Realized against estimated, per recommendation" subtitle="Monthly figures">
        {list.isPending ? (
          <Loading rows={5} />
        ) : list.isError ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : list.data.items.length === 0 ? (
          <EmptyState title="No measured savings yet">
            Mark a recommendation applied on the <Link to="/recommendations">Recommendations</Link> page; the savings tracker measures it once a
            whole day of bills after the change is in.
          </EmptyState>
        ) : (
          <>
            <div data-testid="chart-savings" className="chart-box">
              <EChart
                ariaLabel="Estimated and realized monthly savings per applied recommendation"
                height={Math.max(160, list.data.items.length * 28 + 60)}
                option={{
                  tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
                  legend: { top: 0, data: ['Estimated', 'Realized'] },
                  grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
                  xAxis: { type: 'value', name: `${currency} / month`, axisLabel: { formatter: (v: number) => formatMoney(v, currency, { compact: true }) } },
                  yAxis: { type: 'category', data: list.data.items.map((r) => shortResource(r.recommendation.resourceId)), inverse: true },
                  series: [
                    { name: 'Estimated', type: 'bar', data: list.data.items.map((r) => r.estimatedMonthlySavings) },
                    { name: 'Realized', type: 'bar', data: list.data.items.map((r) => r.saving.realizedMonthlySavings) },
                  ],
                }}
              />
            </div>
            <div className="table-wrap">
              <table className="table" data-testid="savings-table">
                <thead>
                  <tr>
                    <th>Resource</th>
                    <th>Change</th>
                    <th>Before</th>
                    <th>After</th>
                    <th className="num">Rate before → after</th>
                    <th className="num">Estimated / month</th>
                    <th className="num">Realized / month</th>
                    <th className="num">Realized vs estimated</th>
                    <th>Status</th>
                  </tr>
                </thead>
                <tbody>
                  {list.data.items.map((row) => {
                    const rec = row.recommendation;
                    const sv = row.saving;
                    return (
                      <tr key={rec.id}>
                        <td className="mono" title={rec.resourceId}>
                          {shortResource(rec.resourceId)}
                        </td>
                        <td>
                          {typeLabel(rec.type)}
                          <div className="muted small mono">
                            {rec.currentType ?? ''}
                            {rec.proposedType ? ` → ${rec.proposedType}` : ''}
                          </div>
                        </td>
                        <td className="small">
                          {formatDate(sv.baselineStart)} – {formatDate(sv.baselineEnd)}
                          <div className="muted">{formatMoney(sv.baselineCost, sv.currency)}</div>
                        </td>
                        <td className="small">
                          {formatDate(sv.postStart)} – {formatDate(sv.postEnd)}
                          <div className="muted">
                            {formatMoney(sv.postCost, sv.currency)} · {sv.details.postDays ?? EMPTY_VALUE}/{sv.details.postDaysRequired ?? EMPTY_VALUE} days
                          </div>
                        </td>
                        <td className="num small" title={sv.method}>
                          {formatMoney(sv.details.baselineRate, sv.currency, { fractionDigits: 4 })} → {formatMoney(sv.details.postRate, sv.currency, { fractionDigits: 4 })}
                          <div className="muted">per {sv.method === 'billed-hour-rate' ? 'billed' : 'calendar'} hour</div>
                        </td>
                        <td className="num">{formatMoney(row.estimatedMonthlySavings, sv.currency)}</td>
                        <td className="num strong">{formatMoney(sv.realizedMonthlySavings, sv.currency)}</td>
                        <td className="num">{row.realizedVsEstimated != null ? formatPercent(row.realizedVsEstimated) : EMPTY_VALUE}</td>
                        <td>
                          <Badge status={sv.validated ? 'validated' : 'measuring'} label={sv.validated ? 'validated' : `measuring (${formatNumber(sv.details.postDays ?? 0)} d)`} />
                          {sv.details.note ? <div className="muted small">{sv.details.note}</div> : null}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              <div className="pager">
                <button type="button" className="btn btn-small" disabled={page <= 1} onClick={() => setPage(page - 1)}>
                  Previous
                </button>
                <span className="muted small">
                  Page {page} of {pages}
                </span>
                <button type="button" className="btn btn-small" disabled={page >= pages} onClick={() => setPage(page + 1)}>
                  Next
                </button>
              </div>
            </div>
          </>
        )}
      </Card>
    </>
  );
}
