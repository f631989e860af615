import { describe, expect, it } from 'vitest';
import {
  addDays,
  eachDay,
  eachMonth,
  formatBytes,
  formatChange,
  formatDate,
  formatDateTime,
  formatMoney,
  formatNumber,
  formatPercent,
  formatProvider,
  formatRelative,
  parseIsoDate,
  relativeChange,
  toIsoDate,
} from './format';
import { alignSeries } from './costSeries';
import { roleAtLeast } from './roles';

// Intl may put narrow no-break spaces between parts; compare on plain spaces.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('formatMoney', () => {
  it('formats with the currency in the locale', () => {
    expect(formatMoney(1234.5, 'USD', { locale: 'en-US' })).toBe('$1,234.50');
    expect(plain(formatMoney(1234.5, 'EUR', { locale: 'de-DE' }))).toBe('1.234,50 €');
    expect(formatMoney(1234.5, 'JPY', { locale: 'en-US' })).toBe('¥1,235');
    expect(formatMoney(-12, 'usd', { locale: 'en-US' })).toBe('-$12.00');
  });

  it('is compact for axes', () => {
    expect(formatMoney(1_250_000, 'USD', { locale: 'en-US', compact: true })).toBe('$1.3M');
    expect(formatMoney(950, 'USD', { locale: 'en-US', compact: true })).toBe('$950');
  });

  it('shows a dash for missing values and survives unknown currency codes', () => {
    expect(formatMoney(null, 'USD')).toBe('—');
    expect(formatMoney(Number.NaN, 'USD')).toBe('—');
    expect(formatMoney(10, null, { locale: 'en-US' })).toBe('$10.00');
    expect(formatMoney(10, 'CREDITS', { locale: 'en-US' })).toBe('10.00 CREDITS');
  });
});

describe('numbers and percentages', () => {
  it('formats numbers, shares and changes', () => {
    expect(formatNumber(1234567, { locale: 'en-US' })).toBe('1,234,567');
    expect(formatNumber(undefined)).toBe('—');
    expect(formatPercent(0.256, { locale: 'en-US' })).toBe('25.6%');
    expect(formatPercent(1, { locale: 'en-US', fractionDigits: 0 })).toBe('100%');
    expect(formatChange(0.125, { locale: 'en-US' })).toBe('+12.5%');
    expect(formatChange(-0.03, { locale: 'en-US' })).toBe('-3.0%');
    expect(formatChange(null)).toBe('—');
  });

  it('computes relative change only when it means something', () => {
    expect(relativeChange(110, 100)).toBeCloseTo(0.1);
    expect(relativeChange(90, 100)).toBeCloseTo(-0.1);
    expect(relativeChange(5, 0)).toBeNull();
    expect(relativeChange(null, 3)).toBeNull();
  });

  it('formats byte sizes', () => {
    expect(formatBytes(512, { locale: 'en-US' })).toBe('512 B');
    expect(formatBytes(1536, { locale: 'en-US' })).toBe('1.5 KB');
    expect(formatBytes(5 * 1024 ** 3, { locale: 'en-US' })).toBe('5.0 GB');
    expect(formatBytes(null)).toBe('—');
  });

  it('names providers', () => {
    expect(formatProvider('aws')).toBe('AWS');
    expect(formatProvider('GCP')).toBe('Google Cloud');
    expect(formatProvider('Alibaba')).toBe('Alibaba');
    expect(formatProvider(null)).toBe('—');
  });
});

describe('dates', () => {
  it('parses calendar dates as local days, not UTC instants', () => {
    const date = parseIsoDate('2025-03-01')!;
    expect(date.getFullYear()).toBe(2025);
    expect(date.getMonth()).toBe(2);
    expect(date.getDate()).toBe(1);
    expect(toIsoDate(date)).toBe('2025-03-01');
    expect(parseIsoDate('2025-02-30')).toBeNull();
    expect(parseIsoDate('yesterday')).toBeNull();
  });

  it('walks days and months across boundaries', () => {
    expect(toIsoDate(addDays(parseIsoDate('2024-02-28')!, 1))).toBe('2024-02-29');
    expect(toIsoDate(addDays(parseIsoDate('2025-01-01')!, -1))).toBe('2024-12-31');
    expect(eachDay('2024-12-30', '2025-01-02')).toEqual(['2024-12-30', '2024-12-31', '2025-01-01', '2025-01-02']);
    expect(eachDay('2025-01-02', '2025-01-01')).toEqual([]);
    expect(eachMonth('2024-11-15', '2025-02-03')).toEqual(['2024-11-01', '2024-12-01', '2025-01-01', '2025-02-01']);
  });

  it('formats dates in the locale', () => {
    expect(formatDate('2025-03-01', { locale: 'en-US' })).toBe('Mar 1, 2025');
    expect(formatDate('2025-03-01', { locale: 'de-DE' })).toBe('01.03.2025');
    expect(formatDate('2025-03-01', { locale: 'en-US', style: 'short' })).toBe('Mar 1');
    expect(formatDate('2025-03', { locale: 'en-US' })).toBe('Mar 2025');
    expect(formatDate(null)).toBe('—');
    expect(formatDate('garbage')).toBe('garbage');
    expect(plain(formatDateTime('2025-03-01T14:05:00Z', { locale: 'en-US', timeZone: 'UTC' }))).toBe('Mar 1, 2025, 2:05 PM');
  });

  it('formats relative times', () => {
    const now = new Date('2025-03-01T12:00:00Z');
    expect(formatRelative('2025-03-01T11:57:00Z', { locale: 'en-US', now })).toBe('3 minutes ago');
    expect(formatRelative('2025-03-01T14:00:00Z', { locale: 'en-US', now })).toBe('in 2 hours');
    expect(formatRelative('2025-02-28T12:00:00Z', { locale: 'en-US', now })).toBe('yesterday');
    expect(formatRelative(null)).toBe('—');
  });
});

describe('alignSeries', () => {
  it('fills the whole range with zeros and keeps Other last', () => {
    const aligned = alignSeries(
      {
        series: [
          { key: 'Other', points: [{ date: '2025-01-02', cost: 1 }] },
          { key: 'Amazon EC2', points: [{ date: '2025-01-01', cost: 10 }, { date: '2025-01-03', cost: 12.5 }] },
        ],
      },
      '2025-01-01',
      '2025-01-03',
      'day',
    );
    expect(aligned.dates).toEqual(['2025-01-01', '2025-01-02', '2025-01-03']);
    expect(aligned.series.map((s) => s.key)).toEqual(['Amazon EC2', 'Other']);
    expect(aligned.series[0]!.values).toEqual([10, 0, 12.5]);
    expect(aligned.series[0]!.total).toBe(22.5);
    expect(aligned.totals).toEqual([10, 1, 12.5]);
  });

  it('buckets by month and keeps points outside the range', () => {
    const aligned = alignSeries(
      { series: [{ key: 'S3', points: [{ date: '2025-01-15', cost: 2 }, { date: '2025-03-01', cost: 3 }] }] },
      '2025-01-01',
      '2025-02-28',
      'month',
    );
    expect(aligned.dates).toEqual(['2025-01-01', '2025-02-01', '2025-03-01']);
    expect(aligned.series[0]!.values).toEqual([2, 0, 3]);
  });
});

describe('roles', () => {
  it('orders viewer < analyst < operator < admin', () => {
    expect(roleAtLeast('admin', 'operator')).toBe(true);
    expect(roleAtLeast('analyst', 'analyst')).toBe(true);
    expect(roleAtLeast('viewer', 'analyst')).toBe(false);
    expect(roleAtLeast('superuser', 'viewer')).toBe(false);
    expect(roleAtLeast(undefined, 'viewer')).toBe(false);
  });
});
