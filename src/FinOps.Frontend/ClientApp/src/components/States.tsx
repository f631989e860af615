// Loading, empty and error states shared by every data view.
import type { ReactNode } from 'react';
import { ApiError } from '../api/client';

export function Loading({ label = 'Loading…', rows = 3 }: { label?: string; rows?: number }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="sr-only">{label}</span>
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="skeleton" style={{ width: `${90 - i * 15}%` }} />
      ))}
    </div>
  );
}

export function Spinner({ label }: { label?: string }) {
  return (
    <span className="spinner-wrap" role="status">
      <span className="spinner" aria-hidden="true" />
      {label ? <span>{label}</span> : <span className="sr-only">Working…</span>}
    </span>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state-empty">
      <svg viewBox="0 0 24 24" width="28" height="28" aria-hidden="true">
        <path d="M3 7h18M3 12h18M3 17h10" stroke="currentColor" strokeWidth="1.6" fill="none" strokeLinecap="round" />
      </svg>
      <div className="state-title">{title}</div>
      {children ? <div className="state-text">{children}</div> : null}
    </div>
  );
}

/** A failed request, explained: the problem details' title, detail and field errors. */
export function ErrorState({ error, onRetry, compact }: { error: unknown; onRetry?: () => void; compact?: boolean }) {
  const status = error instanceof ApiError ? error.status : undefined;
  const message = error instanceof Error ? error.message : 'Something went wrong.';
  const heading =
    status === 403
      ? 'Not allowed for your role'
      : status === 404
        ? 'Not found'
        : status === 0 || status === 502 || status === 503 || status === 504
          ? 'API unavailable'
          : 'Could not load this';
  return (
    <div className={`alert alert-error${compact ? ' alert-compact' : ''}`} role="alert" data-testid="error-state">
      <div className="alert-body">
        <strong>
          {heading}
          {status ? <span className="alert-status"> · HTTP {status}</span> : null}
        </strong>
        <span>{message}</span>
      </div>
      {onRetry ? (
        <button type="button" className="btn btn-small" onClick={onRetry}>
          Retry
        </button>
      ) : null}
    </div>
  );
}

/** The error of a form submission or an action: a one-line alert, or nothing. */
export function ProblemAlert({ error }: { error: unknown }) {
  if (!error) return null;
  const status = error instanceof ApiError ? error.status : undefined;
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div className="alert alert-error alert-compact" role="alert" data-testid="problem-alert">
      <div className="alert-body">
        {status === 403 ? <strong>Not allowed for your role (HTTP 403).</strong> : null}
        <span>{message}</span>
      </div>
    </div>
  );
}
