import type { Recommendation, UtilizationStats } from '../../api';
import { EMPTY_VALUE, formatDate, formatMoney, formatNumber } from '../../lib/format';

function pct(value: number | null | undefined): string {
  return value == null ? EMPTY_VALUE : `${formatNumber(value, { maximumFractionDigits: 1 })}%`;
}

function UtilizationTable({ cpu, memory, percentile }: { cpu?: UtilizationStats | null; memory?: UtilizationStats | null; percentile?: number }) {
  const rows: [string, UtilizationStats | null | undefined][] = [
    ['CPU', cpu],
    ['Memory', memory],
  ];
  return (
    <table className="table" data-testid="evidence-utilization">
      <thead>
        <tr>
          <th>Metric</th>
          <th className="num">Hours</th>
          <th className="num">Average</th>
          <th className="num">p50</th>
          <th className="num">p90</th>
          <th className="num">p95</th>
          <th className="num">p99</th>
          <th className="num">Max</th>
          <th className="num">Sized on (p{percentile ?? 95})</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([label, s]) =>
          s ? (
            <tr key={label}>
              <td className="strong">{label}</td>
              <td className="num">{formatNumber(s.hours, { maximumFractionDigits: 0 })}</td>
              <td className="num">{pct(s.average)}</td>
              <td className="num">{pct(s.p50)}</td>
              <td className="num">{pct(s.p90)}</td>
              <td className="num">{pct(s.p95)}</td>
              <td className="num">{pct(s.p99)}</td>
              <td className="num">{pct(s.maximum)}</td>
              <td className="num strong">{pct(s.sized)}</td>
            </tr>
          ) : (
            <tr key={label}>
              <td className="strong">{label}</td>
              <td colSpan={8} className="muted">
                not measured
              </td>
            </tr>
          ),
        )}
      </tbody>
    </table>
  );
}

/** What was measured, what was needed, what was chosen and why. */
export function EvidencePanel({ rec }: { rec: Recommendation }) {
  const e = rec.evidence ?? {};
  const currency = rec.currency;
  const compute = rec.type === 'rightsize' || rec.type === 'idle_stop';
  return (
    <div className="evidence" data-testid="evidence">
      {e.why ? <p className="evidence-why">{e.why}</p> : null}
      {compute ? (
        <>
          <p className="muted small">
            {e.windowStart && e.windowEnd ? `${formatDate(e.windowStart)} – ${formatDate(e.windowEnd)}` : null}
            {e.statistic ? ` · percentiles of each hour's ${e.statistic}` : null}
            {e.cpuHeadroomPercent != null ? ` · headroom ${e.cpuHeadroomPercent}% CPU, ${e.memoryHeadroomPercent}% memory` : null}
            {e.networkMegabytesPerDay != null ? ` · network ${formatNumber(e.networkMegabytesPerDay, { maximumFractionDigits: 1 })} MB/day` : null}
          </p>
          <UtilizationTable cpu={e.cpu} memory={e.memory} percentile={e.percentile} />
          <div className="table-wrap">
            <table className="table" data-testid="evidence-shapes">
              <thead>
                <tr>
                  <th />
                  <th>Type</th>
                  <th className="num">vCPU</th>
                  <th className="num">Memory (GiB)</th>
                  <th>Arch</th>
                  <th className="num">On-demand / h</th>
                </tr>
              </thead>
              <tbody>
                {e.current ? (
                  <tr>
                    <td className="muted">Current</td>
                    <td className="mono">{e.current.type}</td>
                    <td className="num">{formatNumber(e.current.vcpu, { maximumFractionDigits: 2 })}</td>
                    <td className="num">{formatNumber(e.current.memoryGib, { maximumFractionDigits: 2 })}</td>
                    <td>{e.current.architecture ?? EMPTY_VALUE}</td>
                    <td className="num">{formatMoney(e.current.hourlyPrice, currency, { fractionDigits: 4 })}</td>
                  </tr>
                ) : null}
                {e.requiredVcpu != null ? (
                  <tr>
                    <td className="muted">Needed</td>
                    <td className="muted small">{e.memoryBasis ?? ''}</td>
                    <td className="num">≥ {formatNumber(e.requiredVcpu, { maximumFractionDigits: 3 })}</td>
                    <td className="num">≥ {formatNumber(e.requiredMemoryGib ?? 0, { maximumFractionDigits: 2 })}</td>
                    <td>{e.current?.architecture ?? EMPTY_VALUE}</td>
                    <td />
                  </tr>
                ) : null}
                {e.proposed ? (
                  <tr>
                    <td className="muted">Proposed</td>
                    <td className="mono strong">{e.proposed.type}</td>
                    <td className="num">{formatNumber(e.proposed.vcpu, { maximumFractionDigits: 2 })}</td>
                    <td className="num">{formatNumber(e.proposed.memoryGib, { maximumFractionDigits: 2 })}</td>
                    <td>{e.proposed.architecture ?? EMPTY_VALUE}</td>
                    <td className="num">{formatMoney(e.proposed.hourlyPrice, currency, { fractionDigits: 4 })}</td>
                  </tr>
                ) : null}
              </tbody>
            </table>
          </div>
          <p className="muted small">
            {e.candidatesConsidered != null ? `${e.candidatesFitting ?? 0} of ${e.candidatesConsidered} comparable types fit. ` : ''}
            {e.crossFamily ? 'Another family is cheaper for this need. ' : ''}
            {e.current?.pricingRegion && rec.regionId && e.current.pricingRegion !== rec.regionId
              ? `Prices from ${e.current.pricingRegion} (the catalog has none for ${rec.regionId}). `
              : ''}
          </p>
        </>
      ) : (
        <p className="muted small">
          {e.rule ? `Rule: ${e.rule}` : null}
          {e.usageType ? ` · usage type ${e.usageType}` : null}
          {e.billedDays != null ? ` · billed on ${e.billedDays} day(s), ${formatDate(e.firstDay)} – ${formatDate(e.lastDay)}` : null}
          {e.linkedInstance ? ` · linked instance ${e.linkedInstance}` : null}
        </p>
      )}
      {e.savingsFormula ? (
        <p className="small">
          <span className="muted">Estimate: </span>
          <span className="mono">{e.savingsFormula}</span> = <strong>{formatMoney(rec.estimatedMonthlySavings, currency)}</strong> a month
        </p>
      ) : null}
      {rec.statusReason ? <p className="small"><span className="muted">Status note: </span>{rec.statusReason}</p> : null}
    </div>
  );
}
