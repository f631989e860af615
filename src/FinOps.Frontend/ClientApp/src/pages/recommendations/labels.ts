// Words people read for the API's recommendation codes.

export const TYPE_LABELS: Record<string, string> = {
  rightsize: 'Downsize',
  idle_stop: 'Stop idle instance',
  idle_delete: 'Release idle address',
  unattached_storage: 'Delete unattached volume',
};

export function typeLabel(type: string): string {
  return TYPE_LABELS[type] ?? type;
}

/** The last part of a long resource id (Azure and GCP paths), the whole id in the title. */
export function shortResource(id: string): string {
  const parts = id.split('/').filter(Boolean);
  return parts.length > 2 ? `…/${parts.slice(-2).join('/')}` : id;
}
