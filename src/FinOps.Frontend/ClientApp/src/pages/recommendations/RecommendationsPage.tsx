import { Fragment, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, RECOMMENDATION_STATUSES, RECOMMENDATION_TYPES, type Recommendation, type RecommendationQuery } from '../../api';
import { useMe } from '../../auth/useMe';
import { Badge } from '../../components/Badge';
import { Modal } from '../../components/Modal';
import { Card, PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorState, Loading, ProblemAlert, Spinner } from '../../components/States';
import { EMPTY_VALUE, formatDateTime, formatMoney, formatProvider } from '../../lib/format';
import { roleAtLeast } from '../../lib/roles';
import { EvidencePanel } from './EvidencePanel';
import { shortResource, typeLabel } from './labels';

const PAGE_SIZE = 25;

function DismissDialog({ rec, onClose }: { rec: Recommendation; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const dismiss = useMutation({
    mutationFn: () => api.recommendations.dismiss(rec.id, reason.trim()),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['recommendations'] });
      void queryClient.invalidateQueries({ queryKey: ['savings'] });
      onClose();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    dismiss.mutate();
  };
  return (
    <Modal
      title="Dismiss recommendation"
      onClose={onClose}
      testId="dismiss-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="dismiss-form" className="btn btn-danger" disabled={reason.trim() === '' || dismiss.isPending}>
            {dismiss.isPending ? <Spinner /> : null} Dismiss
          </button>
        </>
      }
    >
      <form id="dismiss-form" onSubmit={submit}>
        <p className="small">
          {typeLabel(rec.type)} <span className="mono">{rec.resourceId}</span>. The same recommendation is not raised again for 90 days.
        </p>
        <label className="field">
          <span className="field-label">Reason</span>
          <input
            data-testid="dismiss-reason"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            maxLength={1000}
            placeholder="e.g. peaks at month end, kept as warm standby"
            autoFocus
          />
        </label>
        <ProblemAlert error={dismiss.error} />
      </form>
    </Modal>
  );
}

function Actions({ rec, onDismiss }: { rec: Recommendation; onDismiss: () => void }) {
  const me = useMe();
  const queryClient = useQueryClient();
  const done = () => {
    void queryClient.invalidateQueries({ queryKey: ['recommendations'] });
    void queryClient.invalidateQueries({ queryKey: ['savings'] });
  };
  const accept = useMutation({ mutationFn: () => api.recommendations.accept(rec.id), onSuccess: done });
  const apply = useMutation({ mutationFn: () => api.recommendations.apply(rec.id, { note: 'marked applied in the UI' }), onSuccess: done });
  const canDecide = roleAtLeast(me.data?.role, 'analyst');
  const canApply = roleAtLeast(me.data?.role, 'operator');
  const active = rec.status === 'open' || rec.status === 'accepted';
  if (!active) return <span className="muted small">{EMPTY_VALUE}</span>;
  return (
    <div className="row-actions">
      {rec.status === 'open' && canDecide ? (
        <button type="button" className="btn btn-small btn-primary" data-testid="accept-recommendation" disabled={accept.isPending} onClick={() => accept.mutate()}>
          Accept
        </button>
      ) : null}
      {canApply ? (
        <button
          type="button"
          className="btn btn-small"
          data-testid="apply-recommendation"
          disabled={apply.isPending}
          title="Record that the change was made; the savings tracker then proves it from the bills"
          onClick={() => apply.mutate()}
        >
          Mark applied
        </button>
      ) : null}
      {canDecide ? (
        <button type="button" className="btn btn-small" data-testid="dismiss-recommendation" onClick={onDismiss}>
          Dismiss
        </button>
      ) : null}
      <ProblemAlert error={accept.error ?? apply.error} />
    </div>
  );
}

export default function RecommendationsPage() {
  const [filters, setFilters] = useState<RecommendationQuery>({ status: 'open', sort: '-savings' });
  const [page, setPage] = useState(1);
  const [expanded, setExpanded] = useState<string | null>(null);
  const [dismissing, setDismissing] = useState<Recommendation | null>(null);
  const query = { ...filters, page, pageSize: PAGE_SIZE };
  const list = useQuery({
    queryKey: ['recommendations', 'list', query],
    queryFn: ({ signal }) => api.recommendations.list(query, signal),
    placeholderData: keepPreviousData,
  });
  const set = (patch: Partial<RecommendationQuery>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setPage(1);
  };
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / PAGE_SIZE)) : 1;

  return (
    <>
      <PageHeader
        title="Recommendations"
        description={
          <>
            Downsize over-provisioned instances, stop idle ones, delete unattached volumes and idle addresses. Each comes with its
            evidence; applied ones are proven on the <Link to="/savings">Savings</Link> page.
          </>
        }
      />
      <section className="card toolbar" aria-label="Filters">
        <div className="toolbar-row">
          <label className="field">
            <span className="field-label">Status</span>
            <select data-testid="filter-status" value={filters.status ?? ''} onChange={(e) => set({ status: e.target.value || undefined })}>
              <option value="">Any</option>
              {RECOMMENDATION_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field-label">Type</span>
            <select data-testid="filter-type" value={filters.type ?? ''} onChange={(e) => set({ type: e.target.value || undefined })}>
              <option value="">Any</option>
              {RECOMMENDATION_TYPES.map((t) => (
                <option key={t} value={t}>
                  {typeLabel(t)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field-label">Provider</span>
            <select value={filters.provider ?? ''} onChange={(e) => set({ provider: e.target.value || undefined })}>
              <option value="">Any</option>
              <option value="aws">AWS</option>
              <option value="azure">Azure</option>
              <option value="gcp">Google Cloud</option>
            </select>
          </label>
          <label className="field">
            <span className="field-label">Resource contains</span>
            <input type="search" value={filters.resourceId ?? ''} onChange={(e) => set({ resourceId: e.target.value || undefined })} />
          </label>
          <label className="field">
            <span className="field-label">Sort</span>
            <select value={filters.sort} onChange={(e) => set({ sort: e.target.value as RecommendationQuery['sort'] })}>
              <option value="-savings">Savings, highest first</option>
              <option value="-updated">Recently updated</option>
              <option value="resource">Resource</option>
            </select>
          </label>
        </div>
      </section>

      <Card
        title={list.data ? `${list.data.total} recommendation${list.data.total === 1 ? '' : 's'}` : 'Recommendations'}
        subtitle={
          list.data?.items[0] ? `${formatMoney(list.data.totalMonthlySavings, list.data.items[0].currency)} a month estimated` : undefined
        }
      >
        {list.isPending ? (
          <Loading rows={6} label="Loading recommendations…" />
        ) : list.isError ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : list.data.items.length === 0 ? (
          <EmptyState title="No recommendations match">
            The rightsizing job runs daily over the usage metrics and bills; upload them on the <Link to="/ingestion">Ingestion</Link> page.
          </EmptyState>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="recommendations-table">
              <thead>
                <tr>
                  <th>Resource</th>
                  <th>Recommendation</th>
                  <th>Current → proposed</th>
                  <th>Provider / region</th>
                  <th className="num">Monthly savings</th>
                  <th>Status</th>
                  <th>Actions</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((rec) => (
                  <Fragment key={rec.id}>
                    <tr>
                      <td className="mono" title={rec.resourceId}>
                        <button
                          type="button"
                          className="link-btn"
                          aria-expanded={expanded === rec.id}
                          onClick={() => setExpanded(expanded === rec.id ? null : rec.id)}
                        >
                          {expanded === rec.id ? '▾' : '▸'} {shortResource(rec.resourceId)}
                        </button>
                      </td>
                      <td>{typeLabel(rec.type)}</td>
                      <td className="mono">
                        {rec.currentType ?? EMPTY_VALUE}
                        {rec.proposedType ? ` → ${rec.proposedType}` : rec.type === 'rightsize' ? '' : ' → remove'}
                      </td>
                      <td>
                        {formatProvider(rec.providerName)} {rec.regionId ? <span className="muted">· {rec.regionId}</span> : null}
                      </td>
                      <td className="num strong">{formatMoney(rec.estimatedMonthlySavings, rec.currency)}</td>
                      <td>
                        <Badge status={rec.status} />
                        <div className="muted small">{formatDateTime(rec.updatedAt)}</div>
                      </td>
                      <td>
                        <Actions rec={rec} onDismiss={() => setDismissing(rec)} />
                      </td>
                    </tr>
                    {expanded === rec.id ? (
                      <tr className="detail-row">
                        <td colSpan={7}>
                          <EvidencePanel rec={rec} />
                        </td>
                      </tr>
                    ) : null}
                  </Fragment>
                ))}
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
        )}
      </Card>
      {dismissing ? <DismissDialog rec={dismissing} onClose={() => setDismissing(null)} /> : null}
    </>
  );
}
