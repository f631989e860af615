import { useMemo, useState, type FormEvent } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  api,
  ANOMALY_SEVERITIES,
  ANOMALY_STATUSES,
  type AlertSubscriptionInput,
  type Anomaly,
  type AnomalyFeedback,
  type AnomalyQuery,
} from '../../api';
import { Card, PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorState, Loading, ProblemAlert } from '../../components/States';
import { useMe } from '../../auth/useMe';
import { roleAtLeast } from '../../lib/roles';
import { EMPTY_VALUE, formatDate, formatDateTime, formatMoney, formatPercent } from '../../lib/format';
import { AnomalyChart } from './AnomalyChart';

const TONE: Record<string, string> = {
  critical: 'danger',
  high: 'danger',
  medium: 'warning',
  low: 'neutral',
  open: 'warning',
  acknowledged: 'info',
  resolved: 'success',
  false_positive: 'neutral',
};

function Pill({ value }: { value: string }) {
  return <span className={`badge badge-${TONE[value] ?? 'neutral'}`}>{value.replace('_', ' ')}</span>;
}

const PAGE_SIZE = 25;

function impactText(a: Pick<Anomaly, 'impactAmount' | 'impactPercent' | 'currency'>) {
  return `+${formatMoney(a.impactAmount, a.currency)} (${a.impactPercent >= 999 ? 'new' : `+${a.impactPercent.toFixed(0)}%`})`;
}

export default function AnomaliesPage() {
  const { id: routeId } = useParams();
  const [searchParams, setSearchParams] = useSearchParams();
  const selectedId = searchParams.get('id') ?? routeId ?? null;
  const [filters, setFilters] = useState<AnomalyQuery>({ status: 'open,acknowledged', page: 1, pageSize: PAGE_SIZE });
  const me = useMe();
  const canAct = roleAtLeast(me.data?.role, 'analyst');

  const list = useQuery({
    queryKey: ['anomalies', 'list', filters],
    queryFn: ({ signal }) => api.anomalies.list(filters, signal),
  });

  const update = (patch: Partial<AnomalyQuery>) => setFilters((f) => ({ ...f, ...patch, page: patch.page ?? 1 }));
  const select = (id: string) => setSearchParams(id ? { id } : {});
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / PAGE_SIZE)) : 1;

  return (
    <>
      <PageHeader
        title="Anomalies"
        description="Days whose spend left its expected range, reported at the most specific scope that explains them, with the causes that moved."
      />

      <Card title="Filters">
        <div className="toolbar-row" data-testid="anomaly-filters">
          <label className="field">
            <span className="field-label">Status</span>
            <select value={filters.status ?? ''} onChange={(e) => update({ status: e.target.value || undefined })} data-testid="filter-status">
              <option value="open,acknowledged">Open or acknowledged</option>
              <option value="">Any</option>
              {ANOMALY_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {s.replace('_', ' ')}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field-label">Severity</span>
            <select value={filters.severity ?? ''} onChange={(e) => update({ severity: e.target.value || undefined })} data-testid="filter-severity">
              <option value="">Any</option>
              <option value="high,critical">High or critical</option>
              {ANOMALY_SEVERITIES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field-label">From</span>
            <input type="date" value={filters.from ?? ''} onChange={(e) => update({ from: e.target.value || undefined })} data-testid="filter-from" />
          </label>
          <label className="field">
            <span className="field-label">To</span>
            <input type="date" value={filters.to ?? ''} onChange={(e) => update({ to: e.target.value || undefined })} data-testid="filter-to" />
          </label>
          <label className="field">
            <span className="field-label">Scope</span>
            <input
              type="search"
              placeholder="service, account, region…"
              value={filters.scope ?? ''}
              onChange={(e) => update({ scope: e.target.value || undefined })}
              data-testid="filter-scope"
            />
          </label>
          <label className="field">
            <span className="field-label">Min. impact</span>
            <input
              type="number"
              min={0}
              step={10}
              value={filters.minImpact ?? ''}
              onChange={(e) => update({ minImpact: e.target.value === '' ? undefined : Number(e.target.value) })}
              data-testid="filter-min-impact"
            />
          </label>
        </div>
      </Card>

      <div className="grid grid-1-1">
        <Card title="Detected" subtitle={list.data ? `${list.data.total} anomal${list.data.total === 1 ? 'y' : 'ies'}` : undefined}>
          {list.isPending ? (
            <Loading rows={6} label="Loading anomalies…" />
          ) : list.isError ? (
            <ErrorState error={list.error} onRetry={() => void list.refetch()} />
          ) : list.data.items.length === 0 ? (
            <EmptyState title="No anomalies match">Spend stayed within its expected range for these filters.</EmptyState>
          ) : (
            <>
              <div className="table-wrap">
                <table className="table table-hover" data-testid="anomalies-table">
                  <thead>
                    <tr>
                      <th>Day</th>
                      <th>Scope</th>
                      <th className="num">Impact</th>
                      <th>Severity · status</th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.data.items.map((a) => (
                      <tr
                        key={a.id}
                        className={a.id === selectedId ? 'selected' : undefined}
                        onClick={() => select(a.id)}
                        style={{ cursor: 'pointer' }}
                        data-testid="anomaly-row"
                      >
                        <td>{formatDate(a.day)}</td>
                        <td>
                          <button type="button" className="link-btn" onClick={() => select(a.id)}>
                            {a.scopeLabel}
                          </button>
                          {a.chargeCategory !== 'Usage' ? <span className="muted small"> · {a.chargeCategory}</span> : null}
                        </td>
                        <td className="num" title={`${formatMoney(a.actual, a.currency)} against ${formatMoney(a.expected, a.currency)} expected`}>
                          {impactText(a)}
                        </td>
                        <td>
                          <Pill value={a.severity} /> <Pill value={a.status} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <div className="pager">
                <button type="button" className="btn btn-small" disabled={(filters.page ?? 1) <= 1} onClick={() => update({ page: (filters.page ?? 1) - 1 })}>
                  Previous
                </button>
                <span className="muted">
                  Page {filters.page ?? 1} of {pages}
                </span>
                <button type="button" className="btn btn-small" disabled={(filters.page ?? 1) >= pages} onClick={() => update({ page: (filters.page ?? 1) + 1 })}>
                  Next
                </button>
              </div>
            </>
          )}
        </Card>

        {selectedId ? (
          <AnomalyDetailCard id={selectedId} canAct={canAct} onSelect={select} />
        ) : (
          <Card title="Details">
            <EmptyState title="Pick an anomaly">Its actual against expected spend, the causes that moved and the actions appear here.</EmptyState>
          </Card>
        )}
      </div>

      {canAct ? <SubscriptionsCard /> : null}
    </>
  );
}

function AnomalyDetailCard({ id, canAct, onSelect }: { id: string; canAct: boolean; onSelect: (id: string) => void }) {
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const detail = useQuery({ queryKey: ['anomalies', 'detail', id], queryFn: ({ signal }) => api.anomalies.get(id, signal) });
  const action = useMutation({
    mutationFn: (kind: 'acknowledge' | 'resolve' | AnomalyFeedback) =>
      kind === 'acknowledge'
        ? api.anomalies.acknowledge(id, note || undefined)
        : kind === 'resolve'
          ? api.anomalies.resolve(id, note || undefined)
          : api.anomalies.feedback(id, kind, note || undefined),
    onSuccess: () => {
      setNote('');
      void queryClient.invalidateQueries({ queryKey: ['anomalies'] });
    },
  });

  if (detail.isPending) {
    return (
      <Card title="Details">
        <Loading rows={6} />
      </Card>
    );
  }
  if (detail.isError) {
    return (
      <Card title="Details">
        <ErrorState error={detail.error} onRetry={() => void detail.refetch()} />
      </Card>
    );
  }
  const { anomaly: a, rootCauses, series, explains, explainedBy } = detail.data;
  const maxDelta = Math.max(...rootCauses.map((c) => Math.abs(c.delta)), 0);
  const open = a.status === 'open';
  const active = a.status === 'open' || a.status === 'acknowledged';

  return (
    <Card
      title={a.scopeLabel}
      subtitle={`${formatDate(a.day)} · ${a.chargeCategory} · detected ${formatDateTime(a.detectedAt)}`}
      actions={
        <>
          <Pill value={a.severity} /> <Pill value={a.status} />
        </>
      }
      testId="anomaly-detail"
    >
      <div className="kpi-row">
        <div>
          <div className="kpi-label">Actual</div>
          <div className="kpi-value-small">{formatMoney(a.actual, a.currency)}</div>
        </div>
        <div>
          <div className="kpi-label">Expected</div>
          <div className="kpi-value-small">{formatMoney(a.expected, a.currency)}</div>
          <div className="muted small">
            range {formatMoney(a.lowerBound, a.currency)} – {formatMoney(a.upperBound, a.currency)}
          </div>
        </div>
        <div>
          <div className="kpi-label">Impact</div>
          <div className="kpi-value-small text-danger">{impactText(a)}</div>
        </div>
      </div>

      <div data-testid="chart-anomaly" className="chart-box">
        {series.length === 0 ? <EmptyState title="No series for this scope" /> : <AnomalyChart series={series} currency={a.currency} day={a.day} />}
      </div>

      <h3 className="section-title">Root causes</h3>
      {rootCauses.length === 0 ? (
        <p className="muted">No single account, service, region, resource or usage type stands out.</p>
      ) : (
        <div className="table-wrap">
        <table className="table" data-testid="root-causes">
          <thead>
            <tr>
              <th>Dimension</th>
              <th>Value</th>
              <th className="num">Usual</th>
              <th className="num">Change</th>
              <th>Share of impact</th>
            </tr>
          </thead>
          <tbody>
            {rootCauses.map((c) => (
              <tr key={`${c.dimension}:${c.value}`}>
                <td>{c.dimension.replace('_', ' ')}</td>
                <td className="mono" title={`${formatMoney(c.actual, a.currency)} on the day`}>
                  {c.value}
                </td>
                <td className="num">{formatMoney(c.expected, a.currency)}</td>
                <td className="num">{formatMoney(c.delta, a.currency)}</td>
                <td>
                  <div className="bar-track" title={formatPercent(c.share)}>
                    <div className="bar-fill" style={{ width: `${maxDelta > 0 ? (Math.abs(c.delta) / maxDelta) * 100 : 0}%` }} />
                  </div>
                  <span className="muted small">{formatPercent(c.share)}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}

      {explainedBy ? (
        <p className="muted">
          Explained by{' '}
          <button type="button" className="link-btn" onClick={() => onSelect(explainedBy.id)}>
            {explainedBy.scopeLabel}
          </button>
          , where it is reported.
        </p>
      ) : null}
      {explains.length > 0 ? (
        <p className="muted" data-testid="anomaly-explains">
          Also lifted: {explains.map((e) => `${e.scopeLabel} (+${formatMoney(e.impactAmount, a.currency)})`).join(', ')}.
        </p>
      ) : null}
      {a.feedback ? (
        <p className="muted">
          Feedback: <strong>{a.feedback.replace('_', ' ')}</strong>
          {a.feedbackNote ? ` — ${a.feedbackNote}` : ''}
        </p>
      ) : a.feedbackNote ? (
        <p className="muted">{a.feedbackNote}</p>
      ) : null}

      {canAct ? (
        <div className="actions-block" data-testid="anomaly-actions">
          <input type="text" placeholder="Note (optional)" value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} />
          <div className="button-row">
            <button type="button" className="btn btn-small" disabled={!open || action.isPending} onClick={() => action.mutate('acknowledge')}>
              Acknowledge
            </button>
            <button type="button" className="btn btn-small" disabled={!active || action.isPending} onClick={() => action.mutate('resolve')}>
              Resolve
            </button>
            <span className="muted small">Was this an anomaly?</span>
            <button type="button" className="btn btn-small" disabled={action.isPending} onClick={() => action.mutate('yes')}>
              Yes
            </button>
            <button type="button" className="btn btn-small" disabled={action.isPending} onClick={() => action.mutate('no')} title="False positive: this scope alerts less readily">
              No
            </button>
            <button type="button" className="btn btn-small" disabled={action.isPending} onClick={() => action.mutate('planned_activity')}>
              Planned activity
            </button>
          </div>
          <ProblemAlert error={action.error} />
        </div>
      ) : (
        <p className="muted small">Analysts can acknowledge, resolve and give feedback.</p>
      )}
    </Card>
  );
}

const EMPTY_SUBSCRIPTION: AlertSubscriptionInput = { name: '', channel: 'slack', frequency: 'immediate', webhookUrl: '' };

function SubscriptionsCard() {
  const queryClient = useQueryClient();
  const [form, setForm] = useState<AlertSubscriptionInput>(EMPTY_SUBSCRIPTION);
  const subscriptions = useQuery({ queryKey: ['anomalies', 'subscriptions'], queryFn: ({ signal }) => api.anomalies.subscriptions.list(signal) });
  const create = useMutation({
    mutationFn: (input: AlertSubscriptionInput) => api.anomalies.subscriptions.create(input),
    onSuccess: () => {
      setForm(EMPTY_SUBSCRIPTION);
      void queryClient.invalidateQueries({ queryKey: ['anomalies', 'subscriptions'] });
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => api.anomalies.subscriptions.remove(id),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['anomalies', 'subscriptions'] }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(form);
  };
  const rows = useMemo(() => subscriptions.data ?? [], [subscriptions.data]);

  return (
    <Card title="Alert subscriptions" subtitle="Who is told, above which impact, how often and where. The threshold decides who is told, never what is detected.">
      {subscriptions.isPending ? (
        <Loading rows={3} />
      ) : subscriptions.isError ? (
        <ErrorState error={subscriptions.error} onRetry={() => void subscriptions.refetch()} compact />
      ) : rows.length === 0 ? (
        <EmptyState title="No subscriptions yet" />
      ) : (
        <table className="table" data-testid="subscriptions-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Channel</th>
              <th>Frequency</th>
              <th>Webhook</th>
              <th className="num">Min. impact</th>
              <th>Last sent</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((s) => (
              <tr key={s.id}>
                <td className="strong">{s.name}</td>
                <td>{s.channel}</td>
                <td>{s.frequency}</td>
                <td className="mono">{s.webhook}</td>
                <td className="num">
                  {[s.minImpactAmount != null ? formatMoney(s.minImpactAmount, 'USD') : null, s.minImpactPercent != null ? `${s.minImpactPercent}%` : null]
                    .filter(Boolean)
                    .join(' and ') || EMPTY_VALUE}
                </td>
                <td>{s.lastNotifiedAt ? formatDateTime(s.lastNotifiedAt) : EMPTY_VALUE}</td>
                <td>
                  <button type="button" className="btn btn-small btn-danger" onClick={() => remove.mutate(s.id)} disabled={remove.isPending}>
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="toolbar-row" onSubmit={submit} data-testid="subscription-form">
        <label className="field">
          <span className="field-label">Name</span>
          <input required value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
        </label>
        <label className="field">
          <span className="field-label">Channel</span>
          <select value={form.channel} onChange={(e) => setForm({ ...form, channel: e.target.value })}>
            <option value="slack">Slack</option>
            <option value="teams">Teams</option>
            <option value="webhook">Webhook (JSON)</option>
          </select>
        </label>
        <label className="field">
          <span className="field-label">Frequency</span>
          <select value={form.frequency} onChange={(e) => setForm({ ...form, frequency: e.target.value })}>
            <option value="immediate">Immediately</option>
            <option value="daily">Daily digest</option>
          </select>
        </label>
        <label className="field field-wide">
          <span className="field-label">Webhook URL (kept secret)</span>
          <input required type="password" autoComplete="off" value={form.webhookUrl ?? ''} onChange={(e) => setForm({ ...form, webhookUrl: e.target.value })} />
        </label>
        <label className="field">
          <span className="field-label">Min. $</span>
          <input
            type="number"
            min={0}
            value={form.minImpactAmount ?? ''}
            onChange={(e) => setForm({ ...form, minImpactAmount: e.target.value === '' ? null : Number(e.target.value) })}
          />
        </label>
        <label className="field">
          <span className="field-label">Min. %</span>
          <input
            type="number"
            min={0}
            value={form.minImpactPercent ?? ''}
            onChange={(e) => setForm({ ...form, minImpactPercent: e.target.value === '' ? null : Number(e.target.value) })}
          />
        </label>
        <div className="field">
          <span className="field-label">&nbsp;</span>
          <button type="submit" className="btn btn-primary" disabled={create.isPending}>
            Add subscription
          </button>
        </div>
      </form>
      <ProblemAlert error={create.error ?? remove.error} />
    </Card>
  );
}
