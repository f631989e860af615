import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, type CatalogQuery } from '../../api';
import { Card, PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorState, Loading } from '../../components/States';
import { EMPTY_VALUE, formatDate, formatMoney, formatNumber, formatProvider } from '../../lib/format';

const PAGE_SIZE = 50;

function numberOrUndefined(text: string): number | undefined {
  const n = Number(text);
  return text.trim() === '' || !Number.isFinite(n) ? undefined : n;
}

export default function CatalogPage() {
  const [filters, setFilters] = useState<CatalogQuery>({ provider: 'aws', sort: 'price' });
  const [page, setPage] = useState(1);
  const [showNotice, setShowNotice] = useState(false);
  const summary = useQuery({ queryKey: ['catalog', 'summary'], queryFn: ({ signal }) => api.catalog.summary(signal), staleTime: 300_000 });
  const query = { ...filters, page, pageSize: PAGE_SIZE };
  const list = useQuery({
    queryKey: ['catalog', 'instances', query],
    queryFn: ({ signal }) => api.catalog.instances(query, signal),
    placeholderData: keepPreviousData,
  });
  const set = (patch: Partial<CatalogQuery>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setPage(1);
  };
  const regions = (filters.provider && summary.data?.regions[filters.provider]) || [];
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / PAGE_SIZE)) : 1;

  return (
    <>
      <PageHeader
        title="Instance catalog"
        description="Instance shapes and on-demand prices the rightsizing engine compares, shipped with the product (works offline) and refreshed weekly from price lists."
      />
      <div className="kpi-grid">
        {summary.isError ? <ErrorState error={summary.error} onRetry={() => void summary.refetch()} compact /> : null}
        {(summary.data?.providers ?? []).map((p) => (
          <div className="card kpi" key={p.provider} data-testid={`catalog-count-${p.provider}`}>
            <div className="kpi-label">{formatProvider(p.provider)}</div>
            <div className="kpi-value">{formatNumber(p.pricedTypes)} types</div>
            <div className="kpi-foot">
              {formatNumber(p.regions)} regions · {formatNumber(p.rows)} prices
            </div>
          </div>
        ))}
      </div>

      <section className="card toolbar" aria-label="Filters">
        <div className="toolbar-row">
          <label className="field">
            <span className="field-label">Provider</span>
            <select data-testid="catalog-provider" value={filters.provider ?? ''} onChange={(e) => set({ provider: e.target.value || undefined, region: undefined })}>
              <option value="">Any</option>
              <option value="aws">AWS</option>
              <option value="azure">Azure</option>
              <option value="gcp">Google Cloud</option>
            </select>
          </label>
          <label className="field">
            <span className="field-label">Region</span>
            <select data-testid="catalog-region" value={filters.region ?? ''} onChange={(e) => set({ region: e.target.value || undefined })}>
              <option value="">Any</option>
              {regions.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field-label">Family</span>
            <input placeholder="m5, Dsv5, n2" value={filters.family ?? ''} onChange={(e) => set({ family: e.target.value || undefined })} />
          </label>
          <label className="field">
            <span className="field-label">Min vCPU</span>
            <input type="number" min={0} data-testid="catalog-min-vcpu" value={filters.minVcpu ?? ''} onChange={(e) => set({ minVcpu: numberOrUndefined(e.target.value) })} />
          </label>
          <label className="field">
            <span className="field-label">Min memory (GiB)</span>
            <input type="number" min={0} value={filters.minMemoryGib ?? ''} onChange={(e) => set({ minMemoryGib: numberOrUndefined(e.target.value) })} />
          </label>
          <label className="field">
            <span className="field-label">Architecture</span>
            <select value={filters.arch ?? ''} onChange={(e) => set({ arch: e.target.value || undefined })}>
              <option value="">Any</option>
              <option value="x86_64">x86_64</option>
              <option value="arm64">arm64</option>
            </select>
          </label>
          <label className="field">
            <span className="field-label">Name contains</span>
            <input type="search" value={filters.search ?? ''} onChange={(e) => set({ search: e.target.value || undefined })} />
          </label>
          <label className="field">
            <span className="field-label">Sort</span>
            <select value={filters.sort} onChange={(e) => set({ sort: e.target.value as CatalogQuery['sort'] })}>
              <option value="price">Price, lowest first</option>
              <option value="-price">Price, highest first</option>
              <option value="vcpu">vCPU</option>
              <option value="memory">Memory</option>
              <option value="name">Name</option>
            </select>
          </label>
        </div>
      </section>

      <Card title={list.data ? `${formatNumber(list.data.total)} prices` : 'Prices'}>
        {list.isPending ? (
          <Loading rows={8} label="Loading the catalog…" />
        ) : list.isError ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : list.data.items.length === 0 ? (
          <EmptyState title="No instance types match">
            An empty catalog fills itself when the Workers start (or run the <span className="mono">catalog-updater</span> job).
          </EmptyState>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="catalog-table">
              <thead>
                <tr>
                  <th>Type</th>
                  <th>Provider</th>
                  <th>Region</th>
                  <th>Family</th>
                  <th className="num">vCPU</th>
                  <th className="num">Memory (GiB)</th>
                  <th className="num">GPU</th>
                  <th>Arch</th>
                  <th>OS</th>
                  <th className="num">On-demand / h</th>
                  <th className="num">/ month (730 h)</th>
                  <th>Source</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((t) => (
                  <tr key={`${t.provider}/${t.instanceType}/${t.region}/${t.operatingSystem}`}>
                    <td className="mono strong">{t.instanceType}</td>
                    <td>{formatProvider(t.provider)}</td>
                    <td>{t.region}</td>
                    <td>
                      {t.family ?? EMPTY_VALUE}
                      {t.generation === 'previous' ? <span className="muted small"> · previous gen</span> : null}
                    </td>
                    <td className="num">{t.vcpu > 0 ? formatNumber(t.vcpu, { maximumFractionDigits: 2 }) : EMPTY_VALUE}</td>
                    <td className="num">{t.memoryGib > 0 ? formatNumber(t.memoryGib, { maximumFractionDigits: 2 }) : EMPTY_VALUE}</td>
                    <td className="num">{t.gpuCount > 0 ? t.gpuCount : EMPTY_VALUE}</td>
                    <td>{t.architecture ?? EMPTY_VALUE}</td>
                    <td>{t.operatingSystem}</td>
                    <td className="num">{formatMoney(t.onDemandHourly, t.currency, { fractionDigits: 4 })}</td>
                    <td className="num">{formatMoney(t.onDemandMonthly, t.currency)}</td>
                    <td className="muted small" title={`effective ${formatDate(t.effectiveDate)}`}>
                      {t.source}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <div className="pager">
              <button type="button" className="btn btn-small" disabled={page <= 1} onClick={() => setPage(page - 1)}>
                Previous
              </button>
              <span className="muted small">
                Page {page} of {formatNumber(pages)}
              </span>
              <button type="button" className="btn btn-small" disabled={page >= pages} onClick={() => setPage(page + 1)}>
                Next
              </button>
            </div>
          </div>
        )}
      </Card>

      <Card
        title="Data sources and licences"
        testId="catalog-attribution"
        actions={
          <button type="button" className="btn btn-small" onClick={() => setShowNotice(!showNotice)}>
            {showNotice ? 'Hide' : 'Show'} notice
          </button>
        }
      >
        <p className="small">
          Shapes and prices from aws/karpenter-provider-aws, Azure/karpenter-provider-azure and kubernetes/autoscaler (Apache-2.0),
          Cyclenerd/google-cloud-pricing-cost-calculator (Apache-2.0) and ec2instances.info (MIT). Prices are public list prices on the
          dates shown per row.
        </p>
        {showNotice && summary.data ? <pre className="notice">{summary.data.notice}</pre> : null}
      </Card>
    </>
  );
}
