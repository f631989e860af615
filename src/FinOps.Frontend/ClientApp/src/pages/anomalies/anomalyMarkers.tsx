// Anomaly markers for cost charts (Overview, Cost Explorer): the reported anomalies of a date range, one marker per day.
import { useMemo } from 'react';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { api, type Anomaly } from '../../api';
import type { ChartMarker } from '../../components/CostChart';
import { formatDate, formatMoney } from '../../lib/format';

/** Reported anomalies (not false positives) between two days, and the chart markers for them. */
export function useAnomalyMarkers(from: string, to: string) {
  const query = useQuery({
    queryKey: ['anomalies', 'markers', from, to],
    queryFn: ({ signal }) => api.anomalies.list({ from, to, status: 'open,acknowledged,resolved', pageSize: 200 }, signal),
  });
  const items = useMemo(() => query.data?.items ?? [], [query.data]);
  const markers = useMemo<ChartMarker[]>(() => {
    const byDay = new Map<string, Anomaly[]>();
    for (const a of items) byDay.set(a.day, [...(byDay.get(a.day) ?? []), a]);
    return [...byDay.entries()].map(([date, list]) => ({
      date,
      label: list.map((a) => `${a.scopeLabel}: +${formatMoney(a.impactAmount, a.currency)}`).join(' · '),
    }));
  }, [items]);
  return { items, markers, isError: query.isError };
}

/** The anomalies marked on a chart, as links (the markers' text for keyboards and screen readers). */
export function AnomalyMarkerList({ items }: { items: Anomaly[] }) {
  if (items.length === 0) return null;
  return (
    <div className="anomaly-markers" data-testid="anomaly-markers">
      <span className="muted">Anomalies marked:</span>
      {items.slice(0, 8).map((a) => (
        <Link key={a.id} to={`/anomalies?id=${encodeURIComponent(a.id)}`} className="text-danger">
          {formatDate(a.day, { style: 'short' })} · {a.scopeLabel} (+{formatMoney(a.impactAmount, a.currency)})
        </Link>
      ))}
      {items.length > 8 ? <Link to="/anomalies">and {items.length - 8} more</Link> : null}
    </div>
  );
}
