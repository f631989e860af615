using System.Buffers.Text;
using System.Globalization;

namespace FinOps.Core.Ingestion.Parsing;

/// <summary>
/// Parsers for the values billing exports carry, working on UTF-8 bytes without allocating.
/// Timestamps come out as microseconds since 2000-01-01 UTC, PostgreSQL's own representation.
/// </summary>
public static class ValueParsers
{
    /// <summary>Microseconds between 0001-01-01 and PostgreSQL's epoch 2000-01-01.</summary>
    private const long PgEpochMicros = 63_082_281_600_000_000L;
    private const long MicrosPerDay = 86_400_000_000L;
    private const long MicrosPerHour = 3_600_000_000L;
    private const long MicrosPerMinute = 60_000_000L;

    /// <summary>True for an empty value or the literal <c>NULL</c>/<c>null</c> some exporters write.</summary>
    public static bool IsNull(ReadOnlySpan<byte> value) =>
        value.IsEmpty || value.SequenceEqual("NULL"u8) || value.SequenceEqual("null"u8) || value.SequenceEqual("\\N"u8);

    /// <summary>Parses a decimal in invariant notation, with optional exponent (<c>5.64902E-05</c>) and surrounding spaces.</summary>
    public static bool TryParseDecimal(ReadOnlySpan<byte> value, out decimal result)
    {
        value = TrimSpaces(value);
        if (value.IsEmpty)
        {
            result = 0;
            return false;
        }
        if (value[0] == (byte)'+')
        {
            value = value[1..];
        }
        if (Utf8Parser.TryParse(value, out result, out var consumed, 'E') && consumed == value.Length)
        {
            return true;
        }
        if (Utf8Parser.TryParse(value, out result, out consumed) && consumed == value.Length)
        {
            return true;
        }
        // Values beyond decimal's 28-29 significant digits: round through the culture-invariant parser.
        Span<char> chars = stackalloc char[Math.Min(value.Length, 256)];
        if (value.Length <= 256)
        {
            for (var i = 0; i < value.Length; i++)
            {
                chars[i] = (char)value[i];
            }
            return decimal.TryParse(chars[..value.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out result);
        }
        return false;
    }

    public static bool TryParseDouble(ReadOnlySpan<byte> value, out double result)
    {
        value = TrimSpaces(value);
        return Utf8Parser.TryParse(value, out result, out var consumed) && consumed == value.Length && !value.IsEmpty;
    }

    /// <summary>
    /// Parses the timestamp forms found in billing exports into microseconds since 2000-01-01 UTC:
    /// ISO 8601 with <c>T</c> or a space, with or without seconds and fractions, with <c>Z</c>, an offset,
    /// a trailing <c>UTC</c> or nothing (taken as UTC); a bare date; US dates <c>M/d/yyyy</c> (Azure) with
    /// an optional time and AM/PM; <c>yyyyMMdd</c>; <c>yyyyMM</c> (GCP invoice month).
    /// </summary>
    public static bool TryParseTimestamp(ReadOnlySpan<byte> s, out long micros)
    {
        micros = 0;
        s = TrimSpaces(s);
        if (s.Length < 6)
        {
            return false;
        }
        int year, month, day, pos;
        if (IsDigits(s, 0, 4) && s.Length >= 10 && (s[4] == (byte)'-' || s[4] == (byte)'/'))
        {
            var sep = s[4];
            year = Num(s, 0, 4);
            if (!TryNum12(s, 5, out month, out pos) || pos >= s.Length || s[pos] != sep || !TryNum12(s, pos + 1, out day, out pos))
            {
                return false;
            }
        }
        else if (IsDigits(s, 0, 1) && s.IndexOf((byte)'/') is > 0 and <= 2)
        {
            // US order as Azure writes it: 09/01/2023, 9/2/2023.
            if (!TryNum12(s, 0, out month, out pos) || pos >= s.Length || s[pos] != (byte)'/' ||
                !TryNum12(s, pos + 1, out day, out pos) || pos >= s.Length || s[pos] != (byte)'/' || !IsDigits(s, pos + 1, 4))
            {
                return false;
            }
            year = Num(s, pos + 1, 4);
            pos += 5;
        }
        else if (s.Length == 8 && IsDigits(s, 0, 8))
        {
            (year, month, day, pos) = (Num(s, 0, 4), Num(s, 4, 2), Num(s, 6, 2), 8);
        }
        else if (s.Length == 6 && IsDigits(s, 0, 6))
        {
            (year, month, day, pos) = (Num(s, 0, 4), Num(s, 4, 2), 1, 6);
        }
        else
        {
            return false;
        }
        if (year < 1900 || year > 2200 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }
        long timeOfDay = 0;
        long offset = 0;
        if (pos < s.Length && (s[pos] == (byte)'T' || s[pos] == (byte)' ' || s[pos] == (byte)'t'))
        {
            var t = pos + 1;
            if (!IsDigits(s, t, 1))
            {
                // "2024-01-01 UTC"
                pos = t - 1;
            }
            else
            {
                if (!TryNum12(s, t, out var hour, out t) || t >= s.Length || s[t] != (byte)':' || !IsDigits(s, t + 1, 2))
                {
                    return false;
                }
                var minute = Num(s, t + 1, 2);
                t += 3;
                var second = 0;
                long fraction = 0;
                if (t < s.Length && s[t] == (byte)':')
                {
                    if (!IsDigits(s, t + 1, 2))
                    {
                        return false;
                    }
                    second = Num(s, t + 1, 2);
                    t += 3;
                    if (t < s.Length && (s[t] == (byte)'.' || s[t] == (byte)','))
                    {
                        t++;
                        var digits = 0;
                        while (t < s.Length && s[t] is >= (byte)'0' and <= (byte)'9')
                        {
                            if (digits < 6)
                            {
                                fraction = fraction * 10 + (s[t] - '0');
                            }
                            digits++;
                            t++;
                        }
                        if (digits == 0)
                        {
                            return false;
                        }
                        for (var d = digits; d < 6; d++)
                        {
                            fraction *= 10;
                        }
                    }
                }
                while (t < s.Length && s[t] == (byte)' ')
                {
                    t++;
                }
                if (t + 1 < s.Length && (s[t] | 0x20) is (byte)'a' or (byte)'p' && (s[t + 1] | 0x20) == (byte)'m')
                {
                    if (hour is < 1 or > 12)
                    {
                        return false;
                    }
                    hour = hour % 12 + ((s[t] | 0x20) == (byte)'p' ? 12 : 0);
                    t += 2;
                }
                if (hour > 23 || minute > 59 || second > 60)
                {
                    return false;
                }
                timeOfDay = hour * MicrosPerHour + minute * MicrosPerMinute + Math.Min(second, 59) * 1_000_000L + fraction;
                pos = t;
            }
        }
        // Zone: nothing (UTC), Z, UTC, +hh, +hh:mm, +hhmm.
        while (pos < s.Length && s[pos] == (byte)' ')
        {
            pos++;
        }
        if (pos < s.Length)
        {
            var zone = s[pos..];
            if (zone.SequenceEqual("Z"u8) || zone.SequenceEqual("z"u8) || zone.SequenceEqual("UTC"u8) || zone.SequenceEqual("GMT"u8))
            {
            }
            else if (zone[0] is (byte)'+' or (byte)'-' && zone.Length >= 3 && IsDigits(zone, 1, 2))
            {
                var hours = Num(zone, 1, 2);
                var minutes = 0;
                if (zone.Length == 6 && zone[3] == (byte)':' && IsDigits(zone, 4, 2))
                {
                    minutes = Num(zone, 4, 2);
                }
                else if (zone.Length == 5 && IsDigits(zone, 3, 2))
                {
                    minutes = Num(zone, 3, 2);
                }
                else if (zone.Length != 3)
                {
                    return false;
                }
                offset = (hours * MicrosPerHour + minutes * MicrosPerMinute) * (zone[0] == (byte)'-' ? -1 : 1);
            }
            else
            {
                return false;
            }
        }
        var dayNumber = new DateOnly(year, month, day).DayNumber;
        micros = dayNumber * MicrosPerDay + timeOfDay - offset - PgEpochMicros;
        return true;
    }

    /// <summary>Converts PostgreSQL microseconds back to a UTC <see cref="DateTimeOffset"/>.</summary>
    public static DateTimeOffset ToDateTimeOffset(long pgMicros) =>
        new(new DateTime((pgMicros + PgEpochMicros) * 10, DateTimeKind.Utc));

    public static long FromDateTime(DateTime utc) => utc.Ticks / 10 - PgEpochMicros;

    public static long FromDateTimeOffset(DateTimeOffset value) => FromDateTime(value.UtcDateTime);

    /// <summary>First day of the month (UTC) holding the instant.</summary>
    public static DateOnly MonthOf(long pgMicros)
    {
        var date = DateOnly.FromDayNumber((int)((pgMicros + PgEpochMicros) / MicrosPerDay));
        return new DateOnly(date.Year, date.Month, 1);
    }

    /// <summary>Start of the month holding the instant, as PostgreSQL microseconds.</summary>
    public static long MonthStart(long pgMicros) => FromDate(MonthOf(pgMicros));

    public static long FromDate(DateOnly date) => date.DayNumber * MicrosPerDay - PgEpochMicros;

    public static DateOnly DateOf(long pgMicros) => DateOnly.FromDayNumber((int)Math.Floor((pgMicros + PgEpochMicros) / (double)MicrosPerDay));

    public static ReadOnlySpan<byte> TrimSpaces(ReadOnlySpan<byte> value)
    {
        var a = 0;
        var b = value.Length;
        while (a < b && value[a] is (byte)' ' or (byte)'\t')
        {
            a++;
        }
        while (b > a && value[b - 1] is (byte)' ' or (byte)'\t')
        {
            b--;
        }
        return value[a..b];
    }

    private static bool IsDigits(ReadOnlySpan<byte> s, int start, int count)
    {
        if (start + count > s.Length)
        {
            return false;
        }
        for (var i = start; i < start + count; i++)
        {
            if (s[i] is < (byte)'0' or > (byte)'9')
            {
                return false;
            }
        }
        return true;
    }

    private static int Num(ReadOnlySpan<byte> s, int start, int count)
    {
        var n = 0;
        for (var i = start; i < start + count; i++)
        {
            n = n * 10 + (s[i] - '0');
        }
        return n;
    }

    /// <summary>One or two digits.</summary>
    private static bool TryNum12(ReadOnlySpan<byte> s, int start, out int value, out int next)
    {
        value = 0;
        next = start;
        if (!IsDigits(s, start, 1))
        {
            return false;
        }
        var count = IsDigits(s, start, 2) ? 2 : 1;
        value = Num(s, start, count);
        next = start + count;
        return true;
    }
}
