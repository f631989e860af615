using System.Globalization;

namespace FinOps.Core.Assistant.Language;

/// <summary>A period-over-period phrase: "week over week", "month over month", …</summary>
public enum PeriodOverPeriod { Day, Week, Month, Quarter, Year }

/// <summary>What the time words of a question said.</summary>
public sealed class TimeReading
{
    public List<Period> Periods { get; } = [];
    public PeriodOverPeriod? OverPeriod { get; set; }
    /// <summary>"vs", "compared to", "against", "previous period".</summary>
    public bool Compare { get; set; }
    public Grain? Grain { get; set; }
    /// <summary>"trend", "over time": a time series at a grain chosen from the period's length.</summary>
    public bool Trend { get; set; }
}

/// <summary>
/// Reads time expressions relative to today (from the injected clock, UTC): today, yesterday, this/last
/// week, month, quarter, year, month/quarter/year to date, last N days/weeks/months, "July 2026",
/// "in August" (the latest August not in the future), 2026-08, 2026-08-15, Q3 2026, since …, from … to …,
/// and "week over week" style comparisons. Weeks start on Monday; "last N days" ends yesterday;
/// "last N months" are the N complete months before this one.
/// </summary>
public sealed class TimeExpressions(DateOnly today)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public DateOnly Today { get; } = today;

    public TimeReading Read(List<Token> tokens)
    {
        var reading = new TimeReading();
        for (var i = 0; i < tokens.Count; i++)
        {
            if (tokens[i].Consumed)
            {
                continue;
            }
            var consumed = TryOverPeriod(tokens, i, reading)
                ?? TryGrain(tokens, i, reading)
                ?? TryRange(tokens, i, reading)
                ?? TrySince(tokens, i, reading)
                ?? TryPoint(tokens, i, reading);
            if (consumed is { } n && n > 0)
            {
                // A preposition just before a time expression belongs to it.
                if (i > 0 && !tokens[i - 1].Consumed && tokens[i - 1].IsAny("in", "during", "for", "of", "on", "over", "the", "throughout"))
                {
                    tokens[i - 1].Consumed = true;
                    if (i > 1 && !tokens[i - 2].Consumed && tokens[i - 2].IsAny("in", "during", "for", "over") && tokens[i - 1].Is("the"))
                    {
                        tokens[i - 2].Consumed = true;
                    }
                }
                for (var k = i; k < i + n; k++)
                {
                    tokens[k].Consumed = true;
                }
                i += n - 1;
                continue;
            }
            if (tokens[i].IsAny("vs", "versus", "against", "compared", "compare", "comparison", "comparing"))
            {
                reading.Compare = true;
                tokens[i].Consumed = true;
            }
        }
        return reading;
    }

    private static int? TryOverPeriod(List<Token> t, int i, TimeReading r)
    {
        PeriodOverPeriod? Unit(string w) => w switch
        {
            "day" => PeriodOverPeriod.Day,
            "week" => PeriodOverPeriod.Week,
            "month" => PeriodOverPeriod.Month,
            "quarter" => PeriodOverPeriod.Quarter,
            "year" => PeriodOverPeriod.Year,
            _ => null,
        };
        var abbreviation = t[i].Text switch
        {
            "dod" => PeriodOverPeriod.Day,
            "wow" => PeriodOverPeriod.Week,
            "mom" => PeriodOverPeriod.Month,
            "qoq" => PeriodOverPeriod.Quarter,
            "yoy" => PeriodOverPeriod.Year,
            _ => (PeriodOverPeriod?)null,
        };
        if (abbreviation is not null)
        {
            r.OverPeriod = abbreviation;
            return 1;
        }
        if (i + 2 < t.Count && Unit(t[i].Text) is { } u && t[i + 1].IsAny("over", "on", "to", "vs") && t[i + 2].Text == t[i].Text)
        {
            r.OverPeriod = u;
            return 3;
        }
        if (t[i].IsAny("previous", "prior", "preceding") && i + 1 < t.Count && t[i + 1].Is("period"))
        {
            r.Compare = true;
            return 2;
        }
        return null;
    }

    private static int? TryGrain(List<Token> t, int i, TimeReading r)
    {
        Grain? G(string w) => w switch
        {
            "day" or "days" or "daily" => Grain.Day,
            "week" or "weeks" or "weekly" => Grain.Week,
            "month" or "months" or "monthly" => Grain.Month,
            _ => null,
        };
        if (t[i].IsAny("daily", "weekly", "monthly"))
        {
            r.Grain = G(t[i].Text);
            return 1;
        }
        if (t[i].IsAny("by", "per", "each", "every") && i + 1 < t.Count && G(t[i + 1].Text) is { } g && !t[i + 1].Consumed)
        {
            r.Grain = g;
            return 2;
        }
        if (i + 2 < t.Count && t[i].IsAny("day", "month", "week") && t[i + 1].Is("by") && t[i + 2].Text == t[i].Text)
        {
            r.Grain = G(t[i].Text);
            return 3;
        }
        if (t[i].IsAny("trend", "trends", "trending", "timeline", "evolution"))
        {
            r.Trend = true;
            return 1;
        }
        if (t[i].Is("over") && i + 1 < t.Count && t[i + 1].Is("time"))
        {
            r.Trend = true;
            return 2;
        }
        return null;
    }

    /// <summary>from X to Y, between X and Y.</summary>
    private int? TryRange(List<Token> t, int i, TimeReading r)
    {
        if (!t[i].IsAny("from", "between"))
        {
            return null;
        }
        if (ParsePoint(t, i + 1) is not ({ } start, var n1) || i + 1 + n1 >= t.Count || !t[i + 1 + n1].IsAny("to", "and", "through", "until", "till", "-", "thru"))
        {
            return null;
        }
        if (ParsePoint(t, i + 2 + n1, start.From.Year) is not ({ } end, var n2) || end.To < start.From)
        {
            return null;
        }
        var to = end.To > Today ? Today : end.To;
        r.Periods.Add(new Period(start.From, to, $"{start.Label} to {end.Label}"));
        return 2 + n1 + n2;
    }

    private int? TrySince(List<Token> t, int i, TimeReading r)
    {
        if (!t[i].IsAny("since", "after"))
        {
            return null;
        }
        if (ParsePoint(t, i + 1) is ({ } p, var n) && p.From <= Today)
        {
            r.Periods.Add(new Period(p.From, Today, $"since {p.Label}"));
            return 1 + n;
        }
        return null;
    }

    private int? TryPoint(List<Token> t, int i, TimeReading r)
    {
        if (ParsePoint(t, i) is ({ } p, var n))
        {
            r.Periods.Add(p);
            return n;
        }
        return null;
    }

    /// <summary>One period expression at <paramref name="i"/>: the period and how many tokens it took.</summary>
    private (Period?, int) ParsePoint(List<Token> t, int i, int? defaultYear = null)
    {
        if (i >= t.Count || t[i].Consumed)
        {
            return (null, 0);
        }
        var w = t[i].Text;
        var next = i + 1 < t.Count ? t[i + 1] : null;
        var next2 = i + 2 < t.Count ? t[i + 2] : null;

        switch (w)
        {
            case "today":
                return (new Period(Today, Today, "today"), 1);
            case "yesterday":
                return (new Period(Today.AddDays(-1), Today.AddDays(-1), "yesterday"), 1);
            case "mtd":
                return (MonthToDate(), 1);
            case "qtd":
                return (QuarterToDate(), 1);
            case "ytd":
                return (YearToDate(), 1);
            case "wtd":
                return (WeekToDate(), 1);
        }
        if (next is not null && next2 is not null && next.Is("to") && next2.Is("date"))
        {
            switch (w)
            {
                case "month": return (MonthToDate(), 3);
                case "quarter": return (QuarterToDate(), 3);
                case "year": return (YearToDate(), 3);
                case "week": return (WeekToDate(), 3);
            }
        }
        if (w is "this" or "current" && next is not null)
        {
            switch (next.Text)
            {
                case "month": return (MonthToDate() with { Label = "this month" }, 2);
                case "quarter": return (QuarterToDate() with { Label = "this quarter" }, 2);
                case "year": return (YearToDate() with { Label = "this year" }, 2);
                case "week": return (WeekToDate() with { Label = "this week" }, 2);
            }
        }
        if (w is "last" or "previous" or "prior" or "past" && next is not null)
        {
            switch (next.Text)
            {
                case "month":
                    {
                        var start = MonthStart(Today).AddMonths(-1);
                        return (new Period(start, start.AddMonths(1).AddDays(-1), $"last month ({MonthName(start)})"), 2);
                    }
                case "quarter":
                    {
                        var start = QuarterStart(Today).AddMonths(-3);
                        return (new Period(start, start.AddMonths(3).AddDays(-1), $"last quarter (Q{(start.Month + 2) / 3} {start.Year})"), 2);
                    }
                case "year":
                    {
                        var start = new DateOnly(Today.Year - 1, 1, 1);
                        return (new Period(start, new DateOnly(Today.Year - 1, 12, 31), $"last year ({start.Year})"), 2);
                    }
                case "week":
                    {
                        var start = WeekStart(Today).AddDays(-7);
                        return (new Period(start, start.AddDays(6), "last week"), 2);
                    }
                case "day":
                    return (new Period(Today.AddDays(-1), Today.AddDays(-1), "yesterday"), 2);
            }
            if (Lexicon.Integer(next) is { } count && next2 is not null && count <= 3660)
            {
                switch (next2.Text)
                {
                    case "day" or "days":
                        return (new Period(Today.AddDays(-count), Today.AddDays(-1), $"the last {count} days"), 3);
                    case "week" or "weeks":
                        return (new Period(Today.AddDays(-7 * count), Today.AddDays(-1), $"the last {count} weeks"), 3);
                    case "month" or "months" when count <= 120:
                        {
                            var end = MonthStart(Today).AddDays(-1);
                            var start = MonthStart(Today).AddMonths(-count);
                            return (new Period(start, end, $"the last {count} months ({MonthName(start)} – {MonthName(end)})"), 3);
                        }
                }
            }
        }
        if (t[i].Kind == TokenKind.Date && DateOnly.TryParseExact(w, ["yyyy-M-d", "yyyy-MM-dd"], Invariant, DateTimeStyles.None, out var day))
        {
            return (new Period(day, day, day.ToString("d MMM yyyy", Invariant)), 1);
        }
        if (t[i].Kind == TokenKind.YearMonth && DateOnly.TryParseExact(w + "-01", ["yyyy-M-dd", "yyyy-MM-dd"], Invariant, DateTimeStyles.None, out var ym))
        {
            return (WholeMonth(ym), 1);
        }
        if (w.Length == 2 && w[0] == 'q' && w[1] is >= '1' and <= '4')
        {
            var quarter = w[1] - '0';
            var (year, used) = next is not null && Year(next) is { } y ? (y, 2) : (defaultYear ?? LatestYearFor((quarter - 1) * 3 + 1), 1);
            var start = new DateOnly(year, (quarter - 1) * 3 + 1, 1);
            return (Clip(new Period(start, start.AddMonths(3).AddDays(-1), $"Q{quarter} {year}")), used);
        }
        if (Lexicon.Months.TryGetValue(w, out var month) && (w != "may" || IsMonthContext(t, i)))
        {
            // "September 3" / "September 3, 2026": one day.
            if (next is not null && Lexicon.Integer(next) is { } dayOfMonth && dayOfMonth is >= 1 and <= 31 && Year(next) is null
                && (next2 is null || !next2.IsAny("day", "days", "week", "weeks", "month", "months", "services", "service", "accounts", "resources")))
            {
                var (year, used) = next2 is not null && Year(next2) is { } y2 ? (y2, 3) : (defaultYear ?? LatestYearFor(month), 2);
                if (dayOfMonth <= DateTime.DaysInMonth(year, month))
                {
                    var d = new DateOnly(year, month, dayOfMonth);
                    return (new Period(d, d, d.ToString("d MMM yyyy", Invariant)), used);
                }
            }
            if (next is not null && Year(next) is { } explicitYear)
            {
                return (WholeMonth(new DateOnly(explicitYear, month, 1)), 2);
            }
            return (WholeMonth(new DateOnly(defaultYear ?? LatestYearFor(month), month, 1)), 1);
        }
        if (Year(t[i]) is { } onlyYear && i > 0 && t[i - 1].IsAny("in", "during", "for", "of", "since", "year", "from", "between", "and", "to"))
        {
            var start = new DateOnly(onlyYear, 1, 1);
            return (Clip(new Period(start, new DateOnly(onlyYear, 12, 31), onlyYear.ToString(Invariant))), 1);
        }
        return (null, 0);
    }

    private static bool IsMonthContext(List<Token> t, int i) =>
        (i > 0 && t[i - 1].IsAny("in", "since", "of", "from", "during", "for", "to", "and", "through", "until", "vs", "versus", "between", "on"))
        || (i + 1 < t.Count && Year(t[i + 1]) is not null);

    private static int? Year(Token t) =>
        t.Kind == TokenKind.Number && t.Number is { } n && n == decimal.Truncate(n) && n is >= 2000 and <= 2100 ? (int)n : null;

    /// <summary>The latest year in which <paramref name="month"/> has started by today.</summary>
    private int LatestYearFor(int month) => month <= Today.Month ? Today.Year : Today.Year - 1;

    /// <summary>A period that reaches into the future ends today.</summary>
    private Period Clip(Period p) => p.To > Today && p.From <= Today ? p with { To = Today } : p;

    private Period WholeMonth(DateOnly start)
    {
        var p = new Period(start, start.AddMonths(1).AddDays(-1), MonthName(start));
        return p.From <= Today && p.To > Today ? p with { To = Today, Label = $"{MonthName(start)} (to date)" } : p;
    }

    private Period MonthToDate() => new(MonthStart(Today), Today, $"month to date ({MonthName(Today)})");

    private Period QuarterToDate()
    {
        var start = QuarterStart(Today);
        return new Period(start, Today, $"quarter to date (Q{(start.Month + 2) / 3} {start.Year})");
    }

    private Period YearToDate() => new(new DateOnly(Today.Year, 1, 1), Today, $"year to date ({Today.Year})");

    private Period WeekToDate() => new(WeekStart(Today), Today, "week to date");

    /// <summary>The period of the same shape just before <paramref name="p"/>: the previous month(s) for calendar months, else as many days before.</summary>
    public static Period Previous(Period p)
    {
        if (p.From.Day == 1)
        {
            var months = (p.To.Year - p.From.Year) * 12 + p.To.Month - p.From.Month + 1;
            var isWholeMonths = p.To == MonthStart(p.To).AddMonths(1).AddDays(-1);
            var prevFrom = p.From.AddMonths(-months);
            if (isWholeMonths)
            {
                var prevTo = p.From.AddDays(-1);
                return new Period(prevFrom, prevTo, months == 1 ? MonthName(prevFrom) : $"{MonthName(prevFrom)} – {MonthName(prevTo)}");
            }
            if (months == 1)
            {
                // Month to date against the same days of the month before.
                var last = Math.Min(p.To.Day, DateTime.DaysInMonth(prevFrom.Year, prevFrom.Month));
                return new Period(prevFrom, new DateOnly(prevFrom.Year, prevFrom.Month, last), $"the same days of {MonthName(prevFrom)}");
            }
        }
        var to = p.From.AddDays(-1);
        var from = to.AddDays(-(p.Days - 1));
        return new Period(from, to, $"the {p.Days} days before");
    }

    /// <summary>Current and previous periods of a "… over …" comparison.</summary>
    public (Period Current, Period Previous) OverPeriod(PeriodOverPeriod kind)
    {
        switch (kind)
        {
            case PeriodOverPeriod.Day:
                return (new Period(Today.AddDays(-1), Today.AddDays(-1), "yesterday"), new Period(Today.AddDays(-2), Today.AddDays(-2), "the day before"));
            case PeriodOverPeriod.Week:
                return (new Period(Today.AddDays(-7), Today.AddDays(-1), "the last 7 days"), new Period(Today.AddDays(-14), Today.AddDays(-8), "the 7 days before"));
            case PeriodOverPeriod.Month:
                {
                    var start = MonthStart(Today).AddMonths(-1);
                    var current = new Period(start, start.AddMonths(1).AddDays(-1), $"last month ({MonthName(start)})");
                    return (current, Previous(current));
                }
            case PeriodOverPeriod.Quarter:
                {
                    var start = QuarterStart(Today).AddMonths(-3);
                    var current = new Period(start, start.AddMonths(3).AddDays(-1), $"last quarter (Q{(start.Month + 2) / 3} {start.Year})");
                    return (current, Previous(current));
                }
            default:
                {
                    var start = new DateOnly(Today.Year - 1, 1, 1);
                    var current = new Period(start, new DateOnly(Today.Year - 1, 12, 31), $"{start.Year}");
                    return (current, new Period(start.AddYears(-1), start.AddDays(-1), $"{start.Year - 1}"));
                }
        }
    }

    public static DateOnly MonthStart(DateOnly d) => new(d.Year, d.Month, 1);

    public static DateOnly QuarterStart(DateOnly d) => new(d.Year, (d.Month - 1) / 3 * 3 + 1, 1);

    public static DateOnly WeekStart(DateOnly d) => d.AddDays(-(((int)d.DayOfWeek + 6) % 7));

    public static string MonthName(DateOnly d) => d.ToString("MMMM yyyy", Invariant);
}
