import { Fragment, useEffect, useRef, useState, type DragEvent, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, INGESTION_FORMATS, type Ingestion, type IngestionFormat } from '../../api';
import { Badge } from '../../components/Badge';
import { Icon } from '../../components/Icon';
import { Card, PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorState, Loading, ProblemAlert, Spinner } from '../../components/States';
import { EMPTY_VALUE, formatBytes, formatDateTime, formatNumber, formatRelative } from '../../lib/format';

const FORMAT_LABELS: Record<IngestionFormat, string> = {
  auto: 'Detect automatically',
  focus: 'FOCUS 1.0–1.2 (CSV/Parquet)',
  'aws-cur': 'AWS Cost and Usage Report (legacy)',
  'aws-cur2': 'AWS CUR 2.0',
  azure: 'Azure cost details',
  gcp: 'Google Cloud billing export',
  oci: 'Oracle Cloud cost report',
  usage: 'Utilization metrics (CSV)',
};

const ACTIVE = new Set(['pending', 'running']);
const isActive = (i: Ingestion | undefined) => i !== undefined && ACTIVE.has(i.status);

function duration(i: Ingestion): string {
  if (!i.startedAt || !i.finishedAt) return EMPTY_VALUE;
  const seconds = (new Date(i.finishedAt).getTime() - new Date(i.startedAt).getTime()) / 1000;
  if (!Number.isFinite(seconds) || seconds < 0) return EMPTY_VALUE;
  return seconds < 60 ? `${seconds.toFixed(1)} s` : `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

function IngestionErrors({ ingestion }: { ingestion: Ingestion }) {
  const errors = ingestion.errors ?? [];
  return (
    <div className="ingestion-errors" data-testid="ingestion-errors">
      {ingestion.errorMessage ? <div className="alert alert-error alert-compact">{ingestion.errorMessage}</div> : null}
      {errors.length > 0 ? (
        <table className="table table-dense">
          <thead>
            <tr>
              <th className="num">Row</th>
              <th>Column</th>
              <th>Message</th>
            </tr>
          </thead>
          <tbody>
            {errors.map((e, i) => (
              <tr key={i}>
                <td className="num mono">{e.row ?? EMPTY_VALUE}</td>
                <td className="mono">{e.column ?? EMPTY_VALUE}</td>
                <td>{e.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : !ingestion.errorMessage ? (
        <div className="muted">No error details were recorded.</div>
      ) : null}
      {(ingestion.rowsRejected ?? 0) > errors.length && errors.length > 0 ? (
        <div className="muted small">
          Showing the first {errors.length} of {formatNumber(ingestion.rowsRejected)} rejected rows.
        </div>
      ) : null}
    </div>
  );
}

function UploadResult({ ingestion }: { ingestion: Ingestion }) {
  const active = isActive(ingestion);
  return (
    <div className="upload-result" data-testid="upload-result">
      <div className="upload-result-head">
        <Badge status={ingestion.status} />
        <span className="strong">{ingestion.fileName ?? `Ingestion ${ingestion.id}`}</span>
        {active ? <Spinner label={ingestion.status === 'pending' ? 'Queued…' : 'Processing…'} /> : null}
      </div>
      <dl className="stats">
        <div>
          <dt>Rows read</dt>
          <dd>{formatNumber(ingestion.rowsRead)}</dd>
        </div>
        <div>
          <dt>Loaded</dt>
          <dd>{formatNumber(ingestion.rowsLoaded)}</dd>
        </div>
        <div>
          <dt>Rejected</dt>
          <dd className={(ingestion.rowsRejected ?? 0) > 0 ? 'text-danger' : undefined}>{formatNumber(ingestion.rowsRejected)}</dd>
        </div>
        <div>
          <dt>Format</dt>
          <dd>{ingestion.format ?? EMPTY_VALUE}</dd>
        </div>
        <div>
          <dt>Billing periods</dt>
          <dd>{ingestion.billingPeriods?.length ? ingestion.billingPeriods.join(', ') : EMPTY_VALUE}</dd>
        </div>
      </dl>
      {ingestion.status === 'failed' || (ingestion.errors ?? []).length > 0 ? <IngestionErrors ingestion={ingestion} /> : null}
    </div>
  );
}

function UploadCard() {
  const queryClient = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<IngestionFormat>('auto');
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [uploadedId, setUploadedId] = useState<Ingestion['id'] | null>(null);
  const [dragging, setDragging] = useState(false);
  const abort = useRef<AbortController | null>(null);

  // Poll the uploaded ingestion until it leaves pending/running.
  const tracked = useQuery({
    queryKey: ['ingestions', 'one', uploadedId],
    queryFn: ({ signal }) => api.ingestions.get(uploadedId!, signal),
    enabled: uploadedId !== null,
    refetchInterval: (q) => (isActive(q.state.data) || q.state.data === undefined ? 1500 : false),
  });
  // Once it has finished, the list and every cost view may have changed.
  const finishedId = tracked.data && !isActive(tracked.data) ? tracked.data.id : null;
  useEffect(() => {
    if (finishedId === null) return;
    void queryClient.invalidateQueries({ queryKey: ['ingestions', 'list'] });
    void queryClient.invalidateQueries({ queryKey: ['costs'] });
  }, [finishedId, queryClient]);

  const uploading = progress !== null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    setError(null);
    setUploadedId(null);
    setProgress(0);
    abort.current = new AbortController();
    try {
      const created = await api.ingestions.upload(file, { format, onProgress: setProgress, signal: abort.current.signal });
      queryClient.setQueryData(['ingestions', 'one', created.id], created);
      setUploadedId(created.id);
      void queryClient.invalidateQueries({ queryKey: ['ingestions', 'list'] });
      setFile(null);
      if (input.current) input.current.value = '';
    } catch (e) {
      if (!(e instanceof DOMException && e.name === 'AbortError')) setError(e);
    } finally {
      setProgress(null);
      abort.current = null;
    }
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const dropped = event.dataTransfer.files[0];
    if (dropped) setFile(dropped);
  };

  return (
    <Card title="Upload a billing export" subtitle="FOCUS, AWS CUR / CUR 2.0, Azure, Google Cloud or OCI cost files, or utilization metrics.">
      <form onSubmit={submit} className="upload-form">
        <div
          className={`dropzone${dragging ? ' dropzone-active' : ''}`}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          onClick={() => input.current?.click()}
          role="button"
          tabIndex={0}
          onKeyDown={(e) => {
            if (e.key === 'Enter' || e.key === ' ') input.current?.click();
          }}
        >
          <Icon name="upload" size={24} />
          {file ? (
            <div>
              <div className="strong">{file.name}</div>
              <div className="muted small">{formatBytes(file.size)}</div>
            </div>
          ) : (
            <div>
              <div className="strong">Drop a file here or click to choose</div>
              <div className="muted small">.csv, .csv.gz, .parquet, .jsonl</div>
            </div>
          )}
          <input
            ref={input}
            type="file"
            className="sr-only"
            accept=".csv,.gz,.parquet,.json,.jsonl,.zip,text/csv"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            onClick={(e) => e.stopPropagation()}
            data-testid="ingestion-file-input"
          />
        </div>
        <div className="upload-controls">
          <label className="field">
            <span className="field-label">Format</span>
            <select value={format} onChange={(e) => setFormat(e.target.value as IngestionFormat)} disabled={uploading} data-testid="ingestion-format">
              {INGESTION_FORMATS.map((f) => (
                <option key={f} value={f}>
                  {FORMAT_LABELS[f]}
                </option>
              ))}
            </select>
          </label>
          {uploading ? (
            <button type="button" className="btn" onClick={() => abort.current?.abort()}>
              Cancel
            </button>
          ) : (
            <button type="submit" className="btn btn-primary" disabled={!file} data-testid="ingestion-upload-button">
              Upload
            </button>
          )}
        </div>
        {uploading ? (
          <div className="progress-wrap" data-testid="upload-progress">
            <div
              className="progress"
              role="progressbar"
              aria-label="Upload progress"
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={Math.round(progress * 100)}
            >
              <div className="progress-fill" style={{ width: `${progress * 100}%` }} />
            </div>
            <span className="muted small">{progress >= 1 ? 'Uploaded, waiting for the API…' : `Uploading… ${Math.round(progress * 100)}%`}</span>
          </div>
        ) : null}
      </form>
      <ProblemAlert error={error} />
      {tracked.isError ? <ErrorState error={tracked.error} onRetry={() => void tracked.refetch()} compact /> : null}
      {tracked.data ? <UploadResult ingestion={tracked.data} /> : null}
    </Card>
  );
}

function RecentIngestions() {
  const [expanded, setExpanded] = useState<Ingestion['id'] | null>(null);
  const list = useQuery({
    queryKey: ['ingestions', 'list'],
    queryFn: ({ signal }) => api.ingestions.list(50, signal),
    refetchInterval: (q) => ((q.state.data ?? []).some(isActive) ? 3000 : 30_000),
  });

  return (
    <Card title="Recent ingestions" subtitle="The last 50 files, newest first." actions={list.isFetching && !list.isPending ? <Spinner /> : null}>
      {list.isPending ? (
        <Loading rows={5} />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.length === 0 ? (
        <EmptyState title="No ingestions yet">Upload a billing export above to get started.</EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="ingestions-table">
            <thead>
              <tr>
                <th>File</th>
                <th>Format</th>
                <th>Periods</th>
                <th>Status</th>
                <th className="num">Read</th>
                <th className="num">Loaded</th>
                <th className="num">Rejected</th>
                <th>Started</th>
                <th className="num">Duration</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {list.data.map((i) => {
                const hasErrors = i.status === 'failed' || (i.errors ?? []).length > 0 || Boolean(i.errorMessage);
                const open = expanded === i.id;
                return (
                  <Fragment key={i.id}>
                    <tr>
                      <td>
                        <div className="strong truncate" title={i.fileName ?? undefined}>
                          {i.fileName ?? EMPTY_VALUE}
                        </div>
                        <div className="muted small">
                          {formatBytes(i.fileSize)}
                          {i.source ? ` · ${i.source}` : ''}
                          {i.createdBy ? ` · ${i.createdBy}` : ''}
                        </div>
                      </td>
                      <td>
                        <div>{i.format ?? EMPTY_VALUE}</div>
                        {i.providerName ? <div className="muted small">{i.providerName}</div> : null}
                      </td>
                      <td className="small">{i.billingPeriods?.length ? i.billingPeriods.join(', ') : EMPTY_VALUE}</td>
                      <td>
                        <Badge status={i.status} />
                      </td>
                      <td className="num">{formatNumber(i.rowsRead)}</td>
                      <td className="num">{formatNumber(i.rowsLoaded)}</td>
                      <td className={`num${(i.rowsRejected ?? 0) > 0 ? ' text-danger' : ''}`}>{formatNumber(i.rowsRejected)}</td>
                      <td title={formatDateTime(i.startedAt ?? i.createdAt)}>{formatRelative(i.startedAt ?? i.createdAt)}</td>
                      <td className="num">{duration(i)}</td>
                      <td className="row-actions">
                        {hasErrors ? (
                          <button type="button" className="link-btn" aria-expanded={open} onClick={() => setExpanded(open ? null : i.id)}>
                            {open ? 'Hide errors' : 'Errors'}
                          </button>
                        ) : null}
                      </td>
                    </tr>
                    {open ? (
                      <tr className="detail-row">
                        <td colSpan={10}>
                          <IngestionErrors ingestion={i} />
                        </td>
                      </tr>
                    ) : null}
                  </Fragment>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}

export default function IngestionPage() {
  return (
    <>
      <PageHeader title="Ingestion" description="Load billing exports and utilization metrics; every row is normalized to FOCUS." />
      <UploadCard />
      <RecentIngestions />
    </>
  );
}
