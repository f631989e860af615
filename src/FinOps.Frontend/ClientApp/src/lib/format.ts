// Formatting for money, numbers and dates. Every function takes an optional locale so tests are
// deterministic; the UI passes none and gets the user's own locale.

type Locale = string | undefined;

const formatters = new Map<string, Intl.NumberFormat>();

function numberFormat(locale: Locale, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const cacheKey = `${locale ?? ''}|${JSON.stringify(options)}`;
  let formatter = formatters.get(cacheKey);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, options);
    formatters.set(cacheKey, formatter);
  }
  return formatter;
}

export const EMPTY_VALUE = '—';

function isFiniteNumber(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

export interface MoneyOptions {
  locale?: string;
  /** 1.2K, 3.4M: for axes and tight spaces. */
  compact?: boolean;
  /** Digits after the decimal point; defaults to the currency's own (2 for USD, 0 for JPY). */
  fractionDigits?: number;
}

/** An amount in its currency, e.g. `$1,234.50`, `1.234,50 €`; '—' for a missing value. */
export function formatMoney(value: number | null | undefined, currency: string | null | undefined, options: MoneyOptions = {}): string {
  if (!isFiniteNumber(value)) return EMPTY_VALUE;
  const code = (currency ?? '').trim().toUpperCase() || 'USD';
  const digits =
    options.fractionDigits !== undefined
      ? { minimumFractionDigits: options.fractionDigits, maximumFractionDigits: options.fractionDigits }
      : {};
  try {
    return numberFormat(options.locale, {
      style: 'currency',
      currency: code,
      ...(options.compact ? { notation: 'compact', minimumFractionDigits: 0, maximumFractionDigits: 1 } : digits),
    }).format(value);
  } catch {
    // Not an ISO 4217 code (Intl throws a RangeError): show the number and the code as given.
    return `${formatNumber(value, { locale: options.locale, maximumFractionDigits: 2, minimumFractionDigits: 2 })} ${code}`;
  }
}

export function formatNumber(
  value: number | null | undefined,
  options: { locale?: string; maximumFractionDigits?: number; minimumFractionDigits?: number } = {},
): string {
  if (!isFiniteNumber(value)) return EMPTY_VALUE;
  const { locale, ...rest } = options;
  return numberFormat(locale, { maximumFractionDigits: 0, ...rest }).format(value);
}

/** A share between 0 and 1 as a percentage: 0.256 → `25.6%`. */
export function formatPercent(share: number | null | undefined, options: { locale?: string; fractionDigits?: number } = {}): string {
  if (!isFiniteNumber(share)) return EMPTY_VALUE;
  const digits = options.fractionDigits ?? 1;
  return numberFormat(options.locale, {
    style: 'percent',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(share);
}

/** Relative change from `previous` to `current` (0.1 = +10%); null when it has no meaning. */
export function relativeChange(current: number | null | undefined, previous: number | null | undefined): number | null {
  if (!isFiniteNumber(current) || !isFiniteNumber(previous) || previous === 0) return null;
  return (current - previous) / Math.abs(previous);
}

/** A signed percentage for changes: `+12.5%`, `−3.0%`. */
export function formatChange(change: number | null | undefined, options: { locale?: string } = {}): string {
  if (!isFiniteNumber(change)) return EMPTY_VALUE;
  return numberFormat(options.locale, {
    style: 'percent',
    signDisplay: 'exceptZero',
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(change);
}

const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

/** File sizes in powers of 1024: `1.5 MB`. */
export function formatBytes(bytes: number | null | undefined, options: { locale?: string } = {}): string {
  if (!isFiniteNumber(bytes) || bytes < 0) return EMPTY_VALUE;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 ? 0 : 1;
  return `${formatNumber(value, { locale: options.locale, maximumFractionDigits: digits, minimumFractionDigits: digits })} ${BYTE_UNITS[unit]}`;
}

// ---- Dates ----------------------------------------------------------------------------------

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_MONTH = /^(\d{4})-(\d{2})$/;

/**
 * A calendar date `YYYY-MM-DD` as a local Date at midnight. `new Date('2025-03-01')` would be UTC
 * midnight, which is still February in the Americas: cost dates are calendar days, not instants.
 */
export function parseIsoDate(value: string): Date | null {
  const match = ISO_DATE.exec(value);
  if (!match) return null;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return Number.isNaN(date.getTime()) || date.getDate() !== Number(match[3]) ? null : date;
}

/** The local calendar day of a Date as `YYYY-MM-DD`. */
export function toIsoDate(date: Date): string {
  const month = String(date.getMonth() + 1).padStart(2, '0');
  const day = String(date.getDate()).padStart(2, '0');
  return `${date.getFullYear()}-${month}-${day}`;
}

export function addDays(date: Date, days: number): Date {
  const result = new Date(date.getFullYear(), date.getMonth(), date.getDate());
  result.setDate(result.getDate() + days);
  return result;
}

export function startOfMonth(date: Date): Date {
  return new Date(date.getFullYear(), date.getMonth(), 1);
}

/** Every day from `from` to `to` inclusive, as `YYYY-MM-DD`; at most `limit` of them. */
export function eachDay(from: string, to: string, limit = 1100): string[] {
  const start = parseIsoDate(from);
  const end = parseIsoDate(to);
  if (!start || !end || start > end) return [];
  const days: string[] = [];
  for (let day = start; day <= end && days.length < limit; day = addDays(day, 1)) days.push(toIsoDate(day));
  return days;
}

/** The first day of every month touched by `from`..`to`, as `YYYY-MM-01`. */
export function eachMonth(from: string, to: string, limit = 240): string[] {
  const start = parseIsoDate(from);
  const end = parseIsoDate(to);
  if (!start || !end || start > end) return [];
  const months: string[] = [];
  for (let month = startOfMonth(start); month <= end && months.length < limit; month = new Date(month.getFullYear(), month.getMonth() + 1, 1)) {
    months.push(toIsoDate(month));
  }
  return months;
}

function dateFormat(locale: Locale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(locale, options);
}

/** A calendar date (`YYYY-MM-DD`, or `YYYY-MM` for a month) in the user's locale. */
export function formatDate(value: string | null | undefined, options: { locale?: string; style?: 'medium' | 'short' | 'month' } = {}): string {
  if (!value) return EMPTY_VALUE;
  const style = options.style ?? 'medium';
  const month = ISO_MONTH.exec(value);
  const date = month ? new Date(Number(month[1]), Number(month[2]) - 1, 1) : parseIsoDate(value.slice(0, 10));
  if (!date) return value;
  if (style === 'month' || month) return dateFormat(options.locale, { year: 'numeric', month: 'short' }).format(date);
  if (style === 'short') return dateFormat(options.locale, { month: 'short', day: 'numeric' }).format(date);
  return dateFormat(options.locale, { dateStyle: 'medium' }).format(date);
}

/** An instant (ISO 8601 with offset) in the user's locale and time zone. */
export function formatDateTime(value: string | null | undefined, options: { locale?: string; timeZone?: string } = {}): string {
  if (!value) return EMPTY_VALUE;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return dateFormat(options.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: options.timeZone }).format(date);
}

const RELATIVE_STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 30],
  ['month', 12],
  ['year', Number.POSITIVE_INFINITY],
];

/** `3 minutes ago`, `in 2 hours`: for "last run" and "next run" columns. */
export function formatRelative(value: string | null | undefined, options: { locale?: string; now?: Date } = {}): string {
  if (!value) return EMPTY_VALUE;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  let amount = (date.getTime() - (options.now ?? new Date()).getTime()) / 1000;
  const format = new Intl.RelativeTimeFormat(options.locale, { numeric: 'auto' });
  for (const [unit, size] of RELATIVE_STEPS) {
    if (Math.abs(amount) < size) return format.format(Math.round(amount), unit);
    amount /= size;
  }
  return format.format(Math.round(amount), 'year');
}

/** Provider codes as people write them. */
export function formatProvider(provider: string | null | undefined): string {
  if (!provider) return EMPTY_VALUE;
  const known: Record<string, string> = { aws: 'AWS', azure: 'Azure', gcp: 'Google Cloud', oci: 'Oracle Cloud' };
  return known[provider.toLowerCase()] ?? provider;
}
