const TONES: Record<string, string> = {
  healthy: 'success',
  succeeded: 'success',
  success: 'success',
  active: 'success',
  degraded: 'warning',
  running: 'info',
  pending: 'neutral',
  processing: 'info',
  enqueued: 'neutral',
  scheduled: 'neutral',
  superseded: 'neutral',
  unhealthy: 'danger',
  failed: 'danger',
  revoked: 'danger',
  expired: 'warning',
  open: 'info',
  accepted: 'info',
  applied: 'success',
  validated: 'success',
  dismissed: 'neutral',
  measuring: 'info',
};

/** A coloured status pill; the tone follows the status word. */
export function Badge({ status, label }: { status: string | null | undefined; label?: string }) {
  const text = label ?? status ?? 'unknown';
  const tone = TONES[(status ?? '').toLowerCase()] ?? 'neutral';
  return <span className={`badge badge-${tone}`}>{text}</span>;
}
