using System.Runtime.CompilerServices;

namespace FinOps.Core.Assistant.Language;

/// <summary>What the parser made of a question.</summary>
public abstract record ParseResult;

/// <summary>A reading precise enough to answer; <paramref name="ResourceTerms"/> are id-like words still to look up as resources.</summary>
public sealed record Parsed(QueryPlan Plan, IReadOnlyList<string> ResourceTerms) : ParseResult;

/// <summary>The question names something two ways, or something unknown: ask rather than guess.</summary>
public sealed record NeedsClarification(string Message, IReadOnlyList<string> Options) : ParseResult;

/// <summary>Nothing the grammar can answer.</summary>
public sealed record NotUnderstood(string Message) : ParseResult;

/// <summary>
/// The deterministic semantic parser: recognizers for time, thresholds, ranking, intent, measure, grouping
/// and values each consume the tokens they read; a question with words left over that mean something is
/// not guessed at. The output is a <see cref="QueryPlan"/> (compiled to SQL by <c>SqlCompiler</c>), a
/// clarifying question, or "I can answer questions like …".
/// </summary>
public sealed class SemanticParser
{
    public static readonly IReadOnlyList<string> Examples =
    [
        "What did we spend on EC2 last month by account?",
        "Which services grew most week over week?",
        "Top 3 services by cost in June 2026",
        "How much did acme-staging spend on S3 in August?",
        "Daily cost of BigQuery over the last 14 days",
        "Cost by team last month",
        "Show open anomalies over $500",
        "What's the forecast for the end of the month?",
        "Top 5 idle instances by savings",
        "How much have we saved so far?",
    ];

    private static readonly ConditionalWeakTable<Vocabulary, ValueMatcher> Matchers = new();

    private static readonly HashSet<string> MutationVerbs = new(StringComparer.Ordinal)
    {
        "delete", "drop", "remove", "truncate", "insert", "update", "alter", "grant", "revoke", "kill", "terminate", "resize", "apply",
        "dismiss", "acknowledge", "resolve", "create", "modify", "execute", "exec", "shutdown", "destroy", "wipe", "erase", "purge", "rename",
    };

    public ParseResult Parse(string question, Vocabulary vocabulary, DateOnly today)
    {
        var tokens = QuestionText.Tokenize(QuestionText.Normalize(question));
        if (tokens.Count == 0)
        {
            return NotUnderstood("The question is empty.");
        }
        var firstWord = tokens.FirstOrDefault(t => t.Kind == TokenKind.Word && !t.IsAny("please", "can", "could", "you", "would", "go", "and", "now", "just"));
        if (firstWord is not null && MutationVerbs.Contains(firstWord.Text))
        {
            return NotUnderstood($"I only read cost data; I cannot {firstWord.Text} anything. Use the Anomalies, Recommendations or Settings pages to act.");
        }
        var state = new ParseState(tokens, vocabulary, new TimeExpressions(today));
        state.Time = state.Clock.Read(tokens);
        ReadThresholds(state);
        ReadRanking(state);
        ReadIntent(state);
        ReadGrowth(state);
        ReadMeasure(state);
        ReadEntityWords(state);
        ReadGroupBy(state);
        var ambiguity = ReadValues(state);
        if (ambiguity is not null)
        {
            return ambiguity;
        }
        foreach (var t in tokens.Where(t => !t.Consumed && (Lexicon.Fillers.Contains(t.Text) || t.Kind == TokenKind.Symbol)))
        {
            t.Consumed = true;
        }
        var leftovers = tokens.Where(t => !t.Consumed).ToList();
        var resourceTerms = leftovers.Where(IsIdentifierLike).Select(t => t.Text).ToList();
        var unknown = leftovers.Where(t => !IsIdentifierLike(t)).ToList();
        if (!state.Understood)
        {
            return NotUnderstood(unknown.Count > 0
                ? $"I did not understand \"{QuestionText.Join(unknown)}\"."
                : "I did not find a cost question in that.");
        }
        if (unknown.Count > 0)
        {
            return Unknown(unknown);
        }
        return Build(state, resourceTerms);
    }

    private static NotUnderstood NotUnderstood(string why) => new(why);

    private static NeedsClarification Unknown(List<Token> unknown)
    {
        var words = QuestionText.Join(unknown);
        return new NeedsClarification(
            $"I don't know \"{words}\": it is not a service, account, region, provider, tag or time period in your data, so I won't guess. " +
            "Could you rephrase it with a name from your bills?", []);
    }

    private static bool IsIdentifierLike(Token t) =>
        t.Kind == TokenKind.Word && t.Text.Length >= 6 && t.Text.Any(char.IsDigit) && t.Text.Any(c => c is '-' or '/' or ':' or '.' or '_');

    private sealed class ParseState(List<Token> tokens, Vocabulary vocabulary, TimeExpressions clock)
    {
        public List<Token> Tokens { get; } = tokens;
        public Vocabulary Vocabulary { get; } = vocabulary;
        public TimeExpressions Clock { get; } = clock;
        public TimeReading Time { get; set; } = new();
        public Intent? Intent { get; set; }
        public bool CostWords { get; set; }
        public Measure? Measure { get; set; }
        public List<GroupKey> GroupBy { get; } = [];
        public List<Filter> Filters { get; } = [];
        public Ranking? Ranking { get; set; }
        /// <summary>"which service" (one) versus "which services" (all, ranked).</summary>
        public bool SingularWhich { get; set; }
        /// <summary>"the most expensive service" (one) versus "the most expensive services" (a few).</summary>
        public bool RankedNounSingular { get; set; }
        public bool InstancesOnly { get; set; }
        public decimal? Min { get; set; }
        public bool MinInclusive { get; set; }
        public decimal? Max { get; set; }
        public bool MaxInclusive { get; set; }
        public GrowthOrder? Growth { get; set; }
        public List<string> Statuses { get; } = [];
        public List<string> RecommendationTypes { get; } = [];
        public List<string> Severities { get; } = [];
        public Aggregate? Aggregate { get; set; }
        public bool AllStatuses { get; set; }
        public bool? Validated { get; set; }
        public ForecastKind? ForecastKind { get; set; }
        public Period? ForecastRange { get; set; }
        public bool Understood => Intent is not null || CostWords || Measure is not null || Filters.Count > 0 || GroupBy.Count > 0
            || Time.Periods.Count > 0 || Time.OverPeriod is not null || Ranking is not null;

        public Token? At(int i) => i >= 0 && i < Tokens.Count ? Tokens[i] : null;

        public bool Free(int i) => At(i) is { Consumed: false };

        public void Take(int start, int count)
        {
            for (var i = start; i < start + count && i < Tokens.Count; i++)
            {
                Tokens[i].Consumed = true;
            }
        }
    }

    // ------------------------------------------------------------------ thresholds: over $500, below 1k

    private static void ReadThresholds(ParseState s)
    {
        for (var i = 0; i < s.Tokens.Count; i++)
        {
            if (!s.Free(i))
            {
                continue;
            }
            var (isMin, inclusive, words) = s.Tokens[i].Text switch
            {
                "over" or "above" or "exceeding" or ">" => (true, false, 1),
                ">=" => (true, true, 1),
                "<" or "under" or "below" => (false, false, 1),
                "<=" => (false, true, 1),
                "more" or "greater" or "bigger" or "larger" or "higher" when s.At(i + 1)?.Is("than") == true => (true, false, 2),
                "less" or "lower" or "smaller" or "fewer" when s.At(i + 1)?.Is("than") == true => (false, false, 2),
                "at" when s.At(i + 1)?.Is("least") == true => (true, true, 2),
                "at" when s.At(i + 1)?.Is("most") == true => (false, true, 2),
                _ => (false, false, 0),
            };
            if (words == 0)
            {
                continue;
            }
            var j = i + words;
            var used = words;
            if (s.At(j)?.Is("$") == true)
            {
                j++;
                used++;
            }
            var amountToken = s.At(j);
            if (amountToken is null || amountToken.Consumed || amountToken.Number is not { } amount || amountToken.Kind is not (TokenKind.Money or TokenKind.Number))
            {
                continue;
            }
            used++;
            if (s.At(j + 1)?.IsAny("dollars", "usd", "$", "bucks") == true)
            {
                used++;
            }
            if (isMin)
            {
                (s.Min, s.MinInclusive) = (amount, inclusive);
            }
            else
            {
                (s.Max, s.MaxInclusive) = (amount, inclusive);
            }
            s.Take(i, used);
        }
    }

    // ------------------------------------------------------------------ ranking: top 5, bottom 3, most expensive

    private static void ReadRanking(ParseState s)
    {
        for (var i = 0; i < s.Tokens.Count; i++)
        {
            if (!s.Free(i))
            {
                continue;
            }
            var t = s.Tokens[i];
            if (t.IsAny("top", "bottom", "first"))
            {
                var n = s.At(i + 1) is { Consumed: false } next && Lexicon.Integer(next) is { } k ? k : (int?)null;
                if (t.Is("first") && n is null)
                {
                    continue;
                }
                s.Ranking = new Ranking(n ?? 5, !t.Is("bottom"));
                s.Take(i, n is null ? 1 : 2);
                continue;
            }
            var descending = t.IsAny("most", "biggest", "largest", "highest", "costliest", "priciest", "greatest");
            var ascending = t.IsAny("least", "cheapest", "smallest", "lowest");
            if (!descending && !ascending)
            {
                continue;
            }
            var count = s.At(i - 1) is { Consumed: false } before && Lexicon.Integer(before) is { } c ? c : (int?)null;
            var start = count is null ? i : i - 1;
            var length = i - start + 1;
            if (s.At(i + 1)?.IsAny("expensive", "costly") == true)
            {
                length++;
            }
            if (s.At(start - 1)?.Is("the") == true && !s.At(start - 1)!.Consumed)
            {
                start--;
                length++;
            }
            s.Ranking = new Ranking(count ?? 0, descending);
            s.Take(start, length);
        }
    }

    // ------------------------------------------------------------------ intent: anomalies, recommendations, forecast, savings

    private static void ReadIntent(ParseState s)
    {
        for (var i = 0; i < s.Tokens.Count; i++)
        {
            if (!s.Free(i))
            {
                continue;
            }
            var t = s.Tokens[i];
            if (t.IsAny("anomaly", "anomalies", "anomalous", "spike", "spikes", "outlier", "outliers", "unusual"))
            {
                s.Intent = Intent.Anomalies;
                t.Consumed = true;
            }
            else if (t.IsAny("recommendation", "recommendations", "recommended", "rightsizing", "rightsize", "right-size", "right-sizing",
                "opportunities", "opportunity", "idle", "unused", "unattached", "orphaned", "detached", "oversized", "underutilized", "underused", "downsize"))
            {
                s.Intent = Intent.Recommendations;
                if (t.IsAny("idle", "unused"))
                {
                    s.RecommendationTypes.AddRange(["idle_stop", "idle_delete"]);
                }
                else if (t.IsAny("rightsizing", "rightsize", "right-size", "right-sizing", "oversized", "underutilized", "underused", "downsize"))
                {
                    s.RecommendationTypes.Add("rightsize");
                }
                else if (t.IsAny("unattached", "orphaned", "detached"))
                {
                    s.RecommendationTypes.Add("unattached_storage");
                }
                t.Consumed = true;
            }
            else if (t.IsAny("forecast", "forecasts", "forecasted", "projected", "projection", "predicted", "prediction", "predict", "eom", "outlook"))
            {
                s.Intent = Intent.Forecast;
                t.Consumed = true;
            }
            else if (t.IsAny("end", "month-end") && (t.Is("month-end") || (s.At(i + 1)?.Is("of") == true && s.At(i + 2)?.Is("month") == true)
                || (s.At(i + 1)?.Is("of") == true && s.At(i + 2)?.Is("the") == true && s.At(i + 3)?.Is("month") == true)))
            {
                s.Intent ??= Intent.Forecast;
                s.ForecastKind = ForecastKind.MonthEnd;
                s.Take(i, t.Is("month-end") ? 1 : s.At(i + 2)!.Is("the") ? 4 : 3);
            }
            else if (t.Is("month") && s.At(i + 1)?.Is("end") == true)
            {
                s.Intent ??= Intent.Forecast;
                s.ForecastKind = ForecastKind.MonthEnd;
                s.Take(i, 2);
            }
            else if (t.IsAny("saved", "realized", "realised", "achieved")
                || (t.Is("save") && s.Tokens.Take(i).Any(x => x.IsAny("did", "have", "has")) && !s.Tokens.Take(i).Any(x => x.IsAny("could", "can", "would", "might"))))
            {
                s.Intent ??= Intent.Savings;
                t.Consumed = true;
            }
        }
        // "savings" means estimated savings next to recommendations, realized savings otherwise.
        for (var i = 0; i < s.Tokens.Count; i++)
        {
            var t = s.Tokens[i];
            if (t.Consumed || !t.IsAny("savings", "saving", "save"))
            {
                continue;
            }
            if (s.Intent == Intent.Recommendations)
            {
                t.Consumed = true;
            }
            else if (s.At(i - 1)?.IsAny("potential", "possible", "estimated", "could") == true || s.At(i + 1)?.IsAny("opportunities", "opportunity") == true
                || (t.Is("save") && s.Tokens.Take(i).Any(x => x.IsAny("could", "can"))))
            {
                s.Intent = Intent.Recommendations;
                s.Aggregate ??= Aggregate.Sum;
                t.Consumed = true;
                if (s.At(i - 1)?.IsAny("potential", "possible", "estimated", "could") == true)
                {
                    s.Tokens[i - 1].Consumed = true;
                }
            }
            else
            {
                s.Intent ??= Intent.Savings;
                t.Consumed = true;
            }
        }
        if (s.Intent == Intent.Forecast)
        {
            ReadForecastRange(s);
        }
    }

    /// <summary>"next month", "next 30 days", "next week" for forecasts.</summary>
    private static void ReadForecastRange(ParseState s)
    {
        var today = s.Clock.Today;
        for (var i = 0; i < s.Tokens.Count; i++)
        {
            if (!s.Free(i) || !s.Tokens[i].IsAny("next", "coming", "upcoming"))
            {
                continue;
            }
            var next = s.At(i + 1);
            if (next?.Is("month") == true)
            {
                var start = TimeExpressions.MonthStart(today).AddMonths(1);
                s.ForecastRange = new Period(start, start.AddMonths(1).AddDays(-1), $"next month ({TimeExpressions.MonthName(start)})");
                s.ForecastKind = ForecastKind.Range;
                s.Take(i, 2);
            }
            else if (next?.Is("week") == true)
            {
                s.ForecastRange = new Period(today, today.AddDays(6), "the next 7 days");
                s.ForecastKind = ForecastKind.Daily;
                s.Take(i, 2);
            }
            else if (next is not null && Lexicon.Integer(next) is { } n && n <= 366 && s.At(i + 2)?.IsAny("days", "day") == true)
            {
                s.ForecastRange = new Period(today, today.AddDays(n - 1), $"the next {n} days");
                s.ForecastKind = ForecastKind.Daily;
                s.Take(i, 3);
            }
        }
        if (s.Time.Grain == Grain.Day && s.ForecastKind is null or ForecastKind.MonthEnd)
        {
            s.ForecastKind = ForecastKind.Daily;
        }
    }

    // ------------------------------------------------------------------ growth: grew, dropped, changed

    private static void ReadGrowth(ParseState s)
    {
        for (var i = 0; i < s.Tokens.Count; i++)
        {
            if (!s.Free(i))
            {
                continue;
            }
            var t = s.Tokens[i];
            GrowthOrder? order =
                t.IsAny("grew", "grow", "grows", "growing", "growth", "increase", "increased", "increases", "increasing", "rose", "risen", "rise", "rising", "jumped", "climbed")
                    ? GrowthOrder.Increase
                : t.IsAny("decrease", "decreased", "decreases", "decreasing", "dropped", "drop", "drops", "fell", "fall", "falling", "declined", "decline", "shrank", "shrunk", "reduced")
                    ? GrowthOrder.Decrease
                : t.IsAny("change", "changed", "changes", "changing", "delta", "difference", "moved", "variance")
                    ? GrowthOrder.Change
                : null;
            if (t.Is("went") && s.At(i + 1)?.IsAny("up", "down") == true)
            {
                order = s.At(i + 1)!.Is("up") ? GrowthOrder.Increase : GrowthOrder.Decrease;
                s.Tokens[i + 1].Consumed = true;
            }
            if (order is null)
            {
                continue;
            }
            t.Consumed = true;
            s.Growth = order;
            // "grew the least" is the smallest increase.
            if (s.Ranking is { Descending: false } && order == GrowthOrder.Increase)
            {
                s.Growth = GrowthOrder.IncreaseAscending;
            }
        }
    }

    // ------------------------------------------------------------------ measure and charge category words

    private static void ReadMeasure(ParseState s)
    {
        for (var i = 0; i < s.Tokens.Count; i++)
        {
            if (!s.Free(i))
            {
                continue;
            }
            var t = s.Tokens[i];
            if (t.IsAny("billed", "invoiced", "invoice", "invoices"))
            {
                s.Measure = Measure.BilledCost;
                t.Consumed = true;
            }
            else if (t.IsAny("list", "undiscounted", "on-demand", "ondemand") && (t.Is("undiscounted") || t.Is("on-demand") || t.Is("ondemand")
                || s.At(i + 1)?.IsAny("cost", "costs", "price", "prices", "pricing", "spend", "value") == true || s.At(i - 1)?.Is("at") == true))
            {
                s.Measure = Measure.ListCost;
                t.Consumed = true;
                if (s.At(i + 1)?.IsAny("price", "prices", "pricing") == true)
                {
                    s.Tokens[i + 1].Consumed = true;
                }
            }
            else if (t.IsAny("effective", "amortized", "amortised", "net"))
            {
                s.Measure = Measure.EffectiveCost;
                t.Consumed = true;
            }
            else if (t.IsAny("quantity", "quantities", "consumed", "consumption") || (t.Is("usage") && s.At(i + 1)?.IsAny("quantity", "hours", "units", "amount", "amounts") == true)
                || (t.Is("hours") && s.At(i - 1)?.Is("many") == true))
            {
                s.Measure = Measure.UsageQuantity;
                t.Consumed = true;
                if (s.At(i + 1)?.IsAny("quantity", "hours", "units", "amount", "amounts") == true)
                {
                    s.Tokens[i + 1].Consumed = true;
                }
                if (s.At(i - 1)?.Is("many") == true)
                {
                    s.Tokens[i - 1].Consumed = true;
                }
            }
            else if (ChargeCategory(t.Text) is { } category && (t.Text != "usage" || s.Intent is null))
            {
                AddFilter(s, new Filter(Dimension.ChargeCategory, [category], t.Text));
                t.Consumed = true;
                if (s.At(i + 1)?.IsAny("charges", "charge", "costs", "cost") == true)
                {
                    s.Tokens[i + 1].Consumed = true;
                }
            }
            else if (t.IsAny("spend", "spent", "spending", "cost", "costs", "costed", "bill", "bills", "charges", "expenses", "paid", "pay", "expensive", "costly"))
            {
                s.CostWords = true;
            }
        }
    }

    private static string? ChargeCategory(string word) => word switch
    {
        "tax" or "taxes" or "vat" => "Tax",
        "purchase" or "purchases" or "fee" or "fees" or "upfront" => "Purchase",
        "credit" or "credits" or "refund" or "refunds" => "Credit",
        "adjustment" or "adjustments" => "Adjustment",
        "usage" => "Usage",
        _ => null,
    };

    // ------------------------------------------------------------------ entity words: statuses, severities, counts

    private static void ReadEntityWords(ParseState s)
    {
        for (var i = 0; i < s.Tokens.Count; i++)
        {
            if (!s.Free(i))
            {
                continue;
            }
            var t = s.Tokens[i];
            if (t.Is("how") && s.At(i + 1)?.Is("many") == true)
            {
                s.Aggregate = Aggregate.Count;
                s.Take(i, 2);
                continue;
            }
            if (t.IsAny("count", "number") && (t.Is("count") || s.At(i + 1)?.Is("of") == true))
            {
                s.Aggregate = Aggregate.Count;
                s.Take(i, t.Is("number") ? 2 : 1);
                continue;
            }
            if (s.Intent is Intent.Anomalies)
            {
                switch (t.Text)
                {
                    case "open" or "new" or "active" or "unresolved":
                        s.Statuses.Add("open");
                        t.Consumed = true;
                        continue;
                    case "acknowledged" or "acked":
                        s.Statuses.Add("acknowledged");
                        t.Consumed = true;
                        continue;
                    case "resolved" or "closed":
                        s.Statuses.Add("resolved");
                        t.Consumed = true;
                        continue;
                    case "false" when s.At(i + 1)?.IsAny("positive", "positives") == true:
                        s.Statuses.Add("false_positive");
                        s.Take(i, 2);
                        continue;
                    case "critical" or "high" or "medium" or "low":
                        s.Severities.Add(t.Text);
                        t.Consumed = true;
                        if (s.At(i + 1)?.IsAny("severity", "priority") == true)
                        {
                            s.Tokens[i + 1].Consumed = true;
                        }
                        continue;
                    case "severity" when s.At(i + 1) is { } sev && sev.IsAny("critical", "high", "medium", "low"):
                        s.Severities.Add(sev.Text);
                        s.Take(i, 2);
                        continue;
                    case "impact" or "impacts" or "excess" or "overspend":
                        s.Aggregate ??= s.Tokens.Take(i).Any(x => x.IsAny("total", "sum", "much")) ? Aggregate.Sum : null;
                        t.Consumed = true;
                        continue;
                }
            }
            if (s.Intent is Intent.Recommendations)
            {
                switch (t.Text)
                {
                    case "open" or "pending" or "new" or "active":
                        s.Statuses.Add("open");
                        t.Consumed = true;
                        continue;
                    case "accepted" or "approved":
                        s.Statuses.Add("accepted");
                        t.Consumed = true;
                        continue;
                    case "applied" or "implemented" or "done":
                        s.Statuses.Add("applied");
                        t.Consumed = true;
                        continue;
                    case "dismissed" or "rejected" or "ignored":
                        s.Statuses.Add("dismissed");
                        t.Consumed = true;
                        continue;
                    case "expired":
                        s.Statuses.Add("expired");
                        t.Consumed = true;
                        continue;
                    case "stop" or "stopping" or "stopped":
                        s.RecommendationTypes.Remove("idle_delete");
                        if (!s.RecommendationTypes.Contains("idle_stop"))
                        {
                            s.RecommendationTypes.Add("idle_stop");
                        }
                        t.Consumed = true;
                        continue;
                    case "delete" or "deletion" or "deleting" or "terminate" or "termination":
                        s.RecommendationTypes.Remove("idle_stop");
                        if (!s.RecommendationTypes.Contains("idle_delete"))
                        {
                            s.RecommendationTypes.Add("idle_delete");
                        }
                        t.Consumed = true;
                        continue;
                    case "storage" or "volumes" or "volume" or "disks" or "disk" when s.RecommendationTypes.Contains("unattached_storage"):
                        t.Consumed = true;
                        continue;
                    case "instances" or "instance" or "vms" or "vm" or "machines" or "resources" or "resource" or "servers" or "monthly" or "month" or "estimated":
                        t.Consumed = true;
                        continue;
                }
            }
            if (s.Intent is Intent.Savings && t.IsAny("validated", "verified", "confirmed", "proven"))
            {
                s.Validated = true;
                t.Consumed = true;
                continue;
            }
            if (s.Intent is Intent.Savings && t.IsAny("unvalidated", "unverified"))
            {
                s.Validated = false;
                t.Consumed = true;
                continue;
            }
            if (s.Intent is not (null or Intent.Cost or Intent.Growth) && t.Is("all"))
            {
                s.AllStatuses = true;
                t.Consumed = true;
            }
        }
    }

    // ------------------------------------------------------------------ grouping: by service, which accounts, top 3 regions

    private static readonly (string[] Words, Dimension Dimension)[] DimensionNouns =
    [
        (["charge", "category"], Dimension.ChargeCategory), (["charge", "categories"], Dimension.ChargeCategory),
        (["charge", "type"], Dimension.ChargeCategory), (["charge", "types"], Dimension.ChargeCategory),
        (["service", "category"], Dimension.ServiceCategory), (["service", "categories"], Dimension.ServiceCategory),
        (["instance", "type"], Dimension.InstanceType), (["instance", "types"], Dimension.InstanceType),
        (["machine", "type"], Dimension.InstanceType), (["machine", "types"], Dimension.InstanceType),
        (["vm", "size"], Dimension.InstanceType), (["vm", "sizes"], Dimension.InstanceType),
        (["sub", "account"], Dimension.SubAccount), (["sub", "accounts"], Dimension.SubAccount),
        (["linked", "account"], Dimension.SubAccount), (["linked", "accounts"], Dimension.SubAccount),
        (["recommendation", "type"], Dimension.RecommendationType),
        (["service"], Dimension.Service), (["services"], Dimension.Service), (["product"], Dimension.Service), (["products"], Dimension.Service),
        (["account"], Dimension.SubAccount), (["accounts"], Dimension.SubAccount), (["sub-account"], Dimension.SubAccount),
        (["sub-accounts"], Dimension.SubAccount), (["subaccount"], Dimension.SubAccount), (["subaccounts"], Dimension.SubAccount),
        (["subscription"], Dimension.SubAccount), (["subscriptions"], Dimension.SubAccount), (["project"], Dimension.SubAccount),
        (["projects"], Dimension.SubAccount),
        (["region"], Dimension.Region), (["regions"], Dimension.Region), (["location"], Dimension.Region), (["locations"], Dimension.Region),
        (["provider"], Dimension.Provider), (["providers"], Dimension.Provider), (["cloud"], Dimension.Provider), (["clouds"], Dimension.Provider),
        (["vendor"], Dimension.Provider), (["vendors"], Dimension.Provider), (["csp"], Dimension.Provider),
        (["category"], Dimension.ServiceCategory), (["categories"], Dimension.ServiceCategory),
        (["resource"], Dimension.Resource), (["resources"], Dimension.Resource),
        (["instance"], Dimension.Resource), (["instances"], Dimension.Resource), (["vm"], Dimension.Resource), (["vms"], Dimension.Resource),
        (["machine"], Dimension.Resource), (["machines"], Dimension.Resource), (["server"], Dimension.Resource), (["servers"], Dimension.Resource),
        (["type"], Dimension.RecommendationType), (["types"], Dimension.RecommendationType),
        (["severity"], Dimension.Severity), (["severities"], Dimension.Severity),
    ];

    /// <summary>A dimension noun at <paramref name="i"/>: the grouping and how many tokens it takes.</summary>
    private static (GroupKey Key, int Length, bool Plural)? DimensionAt(ParseState s, int i)
    {
        if (!s.Free(i))
        {
            return null;
        }
        foreach (var (words, dimension) in DimensionNouns)
        {
            if (Enumerable.Range(0, words.Length).All(k => s.Free(i + k) && s.Tokens[i + k].Text == words[k]))
            {
                if (dimension is Dimension.RecommendationType && s.Intent != Intent.Recommendations && s.Intent != Intent.Savings)
                {
                    continue;
                }
                if (dimension is Dimension.Severity && s.Intent != Intent.Anomalies)
                {
                    continue;
                }
                var last = words[^1];
                return (new GroupKey(dimension), words.Length, last.EndsWith('s') || last == "categories");
            }
        }
        // Tag keys: "team", "cost center", "environment", "tag app".
        var offset = s.At(i)?.IsAny("tag", "label") == true ? 1 : 0;
        foreach (var key in s.Vocabulary.TagKeys)
        {
            foreach (var form in VocabularyLoader.TagKeyForms(key))
            {
                var words = form.Split(' ');
                foreach (var variant in new[] { words, words[..^1].Append(words[^1] + "s").ToArray() })
                {
                    if (Enumerable.Range(0, variant.Length).All(k => s.Free(i + offset + k) && Vocabulary.NormalizeForm(s.Tokens[i + offset + k].Text) == variant[k]))
                    {
                        return (new GroupKey(Dimension.Tag, key), offset + variant.Length, variant != words);
                    }
                }
            }
        }
        return null;
    }

    private static void ReadGroupBy(ParseState s)
    {
        for (var i = 0; i < s.Tokens.Count; i++)
        {
            if (!s.Free(i))
            {
                continue;
            }
            var t = s.Tokens[i];
            // by / per / for each / across / broken down by / grouped by + noun
            var lead = t.IsAny("by", "per", "across", "among")
                ? 1
                : t.IsAny("for", "in") && s.At(i + 1)?.IsAny("each", "every") == true ? 2
                : t.IsAny("each", "every") ? 1
                : 0;
            if (lead > 0 && DimensionAt(s, i + lead) is { } byDim)
            {
                AddGroup(s, byDim.Key);
                s.Take(i, lead + byDim.Length);
                // "by service and region", "by account, region"
                var j = i + lead + byDim.Length;
                while (s.At(j) is { Consumed: false } joiner && (joiner.Is("and") || joiner.Is(",")) && DimensionAt(s, j + 1) is { } more)
                {
                    AddGroup(s, more.Key);
                    s.Take(j, 1 + more.Length);
                    j += 1 + more.Length;
                }
                continue;
            }
            // which / what + noun: singular asks for one, plural for all ranked
            if (t.IsAny("which", "what") && DimensionAt(s, i + 1) is { } which)
            {
                AddGroup(s, which.Key);
                s.SingularWhich = !which.Plural;
                s.Take(i, 1 + which.Length);
                continue;
            }
        }
        // A noun right after a ranking ("top 3 services", "5 most expensive resources") or leading the question ("services by cost").
        var matcher = Matchers.GetValue(s.Vocabulary, v => new ValueMatcher(v));
        for (var i = 0; i < s.Tokens.Count; i++)
        {
            if (!s.Free(i) || DimensionAt(s, i) is not { } dim || PartOfName(s, matcher, i, dim.Length))
            {
                continue;
            }
            var previous = PreviousToken(s, i);
            var afterRanking = s.Ranking is not null && previous is not null && previous.Consumed
                && (previous.IsAny("top", "bottom", "expensive", "most", "biggest", "largest", "highest", "cheapest", "least", "lowest", "costliest", "costly")
                    || Lexicon.Integer(previous) is not null);
            var costIntent = s.Intent is null or Intent.Cost or Intent.Growth;
            var plural = dim.Plural && costIntent;
            if (afterRanking || plural || (s.Ranking is not null && costIntent && s.GroupBy.Count == 0 && !AdjacentToValue(s, i, dim.Length)))
            {
                AddGroup(s, dim.Key);
                s.Take(i, dim.Length);
                if (s.Ranking is not null && !s.SingularWhich)
                {
                    s.RankedNounSingular = !dim.Plural;
                }
            }
        }
    }

    private static Token? PreviousToken(ParseState s, int i) => i > 0 ? s.Tokens[i - 1] : null;

    /// <summary>"virtual machines", "azure vms": the noun ends the name of a value, so it is not a grouping.</summary>
    private static bool PartOfName(ParseState s, ValueMatcher matcher, int i, int length)
    {
        for (var back = 1; back <= 3 && i - back >= 0; back++)
        {
            if (Enumerable.Range(i - back, back).Any(k => s.Tokens[k].Consumed))
            {
                break;
            }
            if (matcher.IsExactForm(QuestionText.Join(s.Tokens.GetRange(i - back, back + length))))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>"the acme-data account": a noun that names the kind of a value next to it, not a grouping.</summary>
    private static bool AdjacentToValue(ParseState s, int i, int length) =>
        (s.At(i - 1) is { Consumed: false } before && !Lexicon.Fillers.Contains(before.Text) && before.Kind == TokenKind.Word)
        || (s.At(i + length) is { Consumed: false } after && !Lexicon.Fillers.Contains(after.Text) && after.Kind == TokenKind.Word && !after.IsAny("by", "per"));

    private static void AddGroup(ParseState s, GroupKey key)
    {
        if (key.Dimension == Dimension.Resource && s.Tokens.Any(t => t.Consumed && t.IsAny("instance", "instances", "vm", "vms", "machine", "machines", "server", "servers")))
        {
            s.InstancesOnly = true;
        }
        if (!s.GroupBy.Contains(key))
        {
            s.GroupBy.Add(key);
        }
    }

    // ------------------------------------------------------------------ values: EC2, acme-staging, us-east-1, team payments

    private static NeedsClarification? ReadValues(ParseState s)
    {
        var matcher = Matchers.GetValue(s.Vocabulary, v => new ValueMatcher(v));
        var spans = matcher.Match(s.Tokens);
        var providers = spans.Where(sp => sp.Distinct.Count == 1 && sp.Candidates[0].Entry.Dimension == Dimension.Provider)
            .Select(sp => sp.Candidates[0].Entry.Value).ToHashSet(StringComparer.Ordinal);
        foreach (var span in spans)
        {
            var candidates = span.Candidates.ToList();
            // Kind nouns next to the phrase narrow it: "the storage service", "team payments", "account acme-data".
            var hint = HintAround(s, span);
            if (hint is { } h)
            {
                var narrowed = candidates.Where(c => c.Entry.Dimension == h.Key.Dimension && (h.Key.TagKey is null || c.Entry.TagKey == h.Key.TagKey)).ToList();
                if (narrowed.Count > 0)
                {
                    candidates = narrowed;
                    s.Take(h.Index, h.Length);
                    if (s.At(h.Index + h.Length)?.Is("=") == true)
                    {
                        s.Tokens[h.Index + h.Length].Consumed = true;
                    }
                }
            }
            if (providers.Count > 0 && candidates.Select(c => c.Entry.Identity).Distinct().Count() > 1)
            {
                var narrowed = candidates.Where(c => c.Entry.Provider is null || providers.Contains(c.Entry.Provider)).ToList();
                if (narrowed.Count > 0)
                {
                    candidates = narrowed;
                }
            }
            // A bare tag value loses to any other kind of value of the same quality.
            if (candidates.Any(c => c.Entry.Dimension != Dimension.Tag) && candidates.Any(c => c.Entry.Dimension == Dimension.Tag) && hint is null)
            {
                candidates = candidates.Where(c => c.Entry.Dimension != Dimension.Tag).ToList();
            }
            var distinct = candidates.GroupBy(c => c.Entry.Identity).Select(g => g.First()).ToList();
            var aliasGroup = distinct.Count > 1 && distinct.All(c => c.Score == 95 && c.Entry.Dimension == Dimension.Service);
            if (distinct.Count > 1 && !aliasGroup)
            {
                var phrase = QuestionText.Join(s.Tokens.GetRange(span.Start, span.Length));
                var options = distinct.Select(c => c.Entry.Describe()).OrderBy(x => x, StringComparer.Ordinal).ToList();
                return new NeedsClarification(
                    $"\"{phrase}\" could mean {string.Join(", ", options.SkipLast(1))} or {options[^1]}. Which one did you mean? " +
                    "Name it more precisely (e.g. with the provider or the account id).", options);
            }
            foreach (var group in distinct.GroupBy(c => (c.Entry.Dimension, c.Entry.TagKey)))
            {
                AddFilter(s, new Filter(group.Key.Dimension, group.Select(c => c.Entry.Value).ToList(),
                    QuestionText.Join(s.Tokens.GetRange(span.Start, span.Length)), group.Key.TagKey, group.Select(c => c.Entry.Label).ToList()));
            }
            s.Take(span.Start, span.Length);
        }
        return null;
    }

    /// <summary>A kind noun just before or after a value phrase (skipping "the", "=", "tag").</summary>
    private static (GroupKey Key, int Index, int Length)? HintAround(ParseState s, ValueSpan span)
    {
        if (DimensionAt(s, span.End) is { } after)
        {
            return (after.Key, span.End, after.Length);
        }
        for (var back = 1; back <= 3; back++)
        {
            var i = span.Start - back;
            if (i < 0)
            {
                break;
            }
            if (DimensionAt(s, i) is { } before && i + before.Length + (s.At(i + before.Length)?.Is("=") == true ? 1 : 0) == span.Start)
            {
                return (before.Key, i, before.Length);
            }
        }
        return null;
    }

    private static void AddFilter(ParseState s, Filter filter)
    {
        var existing = s.Filters.FindIndex(f => f.Dimension == filter.Dimension && f.TagKey == filter.TagKey);
        if (existing < 0)
        {
            s.Filters.Add(filter);
            return;
        }
        var merged = s.Filters[existing];
        s.Filters[existing] = merged with
        {
            Values = merged.Values.Concat(filter.Values).Distinct().ToList(),
            Phrase = $"{merged.Phrase}, {filter.Phrase}",
            Labels = (merged.Labels ?? merged.Values).Concat(filter.Labels ?? filter.Values).Distinct().ToList(),
        };
    }

    // ------------------------------------------------------------------ assembling the plan

    private static Parsed Build(ParseState s, List<string> resourceTerms)
    {
        var assumptions = new List<string>();
        var currency = s.Vocabulary.DominantCurrency;
        var intent = s.Intent ?? (s.Growth is not null || s.Time.OverPeriod is not null || (s.Time.Compare && s.Time.Periods.Count >= 1) ? Intent.Growth : Intent.Cost);
        var filters = s.Filters.ToList();
        var groupBy = s.GroupBy.ToList();
        var ranking = s.Ranking;
        var plan = new QueryPlan { Intent = intent, Currency = currency };

        switch (intent)
        {
            case Intent.Cost:
                {
                    var period = s.Time.Periods.FirstOrDefault();
                    if (period is null)
                    {
                        period = new Period(TimeExpressions.MonthStart(s.Clock.Today), s.Clock.Today, $"month to date ({TimeExpressions.MonthName(s.Clock.Today)})");
                        assumptions.Add("No period given: month to date.");
                    }
                    if (s.Time.Periods.Count > 1)
                    {
                        // Several periods without "vs": cover them all.
                        period = new Period(s.Time.Periods.Min(p => p.From), s.Time.Periods.Max(p => p.To), string.Join(" and ", s.Time.Periods.Select(p => p.Label)));
                    }
                    var grain = s.Time.Grain ?? (s.Time.Trend ? period.Days <= 62 ? Grain.Day : Grain.Month : null);
                    if (ranking is { Limit: 0 })
                    {
                        ranking = ranking with { Limit = s.SingularWhich || s.RankedNounSingular || groupBy.Count == 0 ? 1 : 5 };
                    }
                    // "EC2 and S3", "support": several values of one dimension are compared side by side.
                    if (groupBy.Count == 0 && s.Time.Grain is null && !s.Time.Trend
                        && filters.FirstOrDefault(f => f.Values.Count > 1 && f.Dimension is not Dimension.ChargeCategory) is { } multi)
                    {
                        groupBy.Add(new GroupKey(multi.Dimension, multi.TagKey));
                    }
                    else if (ranking is null && s.SingularWhich && groupBy.Count > 0)
                    {
                        ranking = new Ranking(1, true);
                    }
                    if (ranking is not null && groupBy.Count == 0 && grain is null)
                    {
                        // "the most expensive" with nothing to rank: the services.
                        groupBy.Add(new GroupKey(Dimension.Service));
                        assumptions.Add("Ranked by service.");
                    }
                    if (s.InstancesOnly)
                    {
                        assumptions.Add("Instances: resources with an instance type.");
                    }
                    AddMeasureAssumption(s, assumptions);
                    plan = plan with
                    {
                        Measure = s.Measure ?? Measure.EffectiveCost, GroupBy = groupBy, Grain = grain, Filters = WithInstances(s, filters),
                        Period = period, Ranking = ranking,
                    };
                    break;
                }
            case Intent.Growth:
                {
                    Period current, previous;
                    if (s.Time.OverPeriod is { } over)
                    {
                        (current, previous) = s.Time.Periods.Count > 0
                            ? (s.Time.Periods[0], TimeExpressions.Previous(s.Time.Periods[0]))
                            : s.Clock.OverPeriod(over);
                    }
                    else if (s.Time.Periods.Count >= 2)
                    {
                        var ordered = s.Time.Periods.OrderBy(p => p.From).ToList();
                        (previous, current) = (ordered[0], ordered[^1]);
                    }
                    else if (s.Time.Periods.Count == 1)
                    {
                        current = s.Time.Periods[0];
                        previous = TimeExpressions.Previous(current);
                    }
                    else
                    {
                        current = new Period(s.Clock.Today.AddDays(-30), s.Clock.Today.AddDays(-1), "the last 30 days");
                        previous = new Period(s.Clock.Today.AddDays(-60), s.Clock.Today.AddDays(-31), "the 30 days before");
                        assumptions.Add("No period given: the last 30 days against the 30 days before.");
                    }
                    var order = s.Growth ?? GrowthOrder.Current;
                    if (ranking is { Limit: 0 })
                    {
                        ranking = ranking with { Limit = s.SingularWhich || s.RankedNounSingular ? 1 : groupBy.Count > 0 ? 10 : 1 };
                    }
                    else if (ranking is null && groupBy.Count > 0)
                    {
                        ranking = s.SingularWhich ? new Ranking(1, true) : s.Growth is GrowthOrder.Increase or GrowthOrder.Decrease or GrowthOrder.Change ? new Ranking(10, true) : null;
                    }
                    if (s.Growth is GrowthOrder.Increase && ranking is { Descending: false })
                    {
                        order = GrowthOrder.IncreaseAscending;
                    }
                    AddMeasureAssumption(s, assumptions);
                    plan = plan with
                    {
                        Measure = s.Measure ?? Measure.EffectiveCost, GroupBy = groupBy, Filters = WithInstances(s, filters), Period = current,
                        PreviousPeriod = previous, Ranking = ranking, GrowthOrder = order,
                    };
                    break;
                }
            case Intent.Anomalies:
                {
                    var statuses = s.Statuses.Distinct().ToList();
                    if (statuses.Count == 0)
                    {
                        assumptions.Add("Anomalies of every status.");
                    }
                    if (ranking is { Limit: 0 })
                    {
                        ranking = ranking with { Limit = 5 };
                    }
                    if (s.Severities.Count > 0)
                    {
                        filters.Add(new Filter(Dimension.Severity, s.Severities.Distinct().ToList(), string.Join(", ", s.Severities)));
                    }
                    plan = plan with
                    {
                        Filters = filters, Period = s.Time.Periods.FirstOrDefault(), Statuses = statuses, Ranking = ranking, GroupBy = groupBy,
                        Aggregate = s.Aggregate ?? (groupBy.Count > 0 ? Aggregate.Sum : Aggregate.List),
                    };
                    break;
                }
            case Intent.Recommendations:
                {
                    var statuses = s.Statuses.Distinct().ToList();
                    if (statuses.Count == 0 && !s.AllStatuses)
                    {
                        statuses.Add("open");
                        assumptions.Add("Open recommendations only.");
                    }
                    if (s.RecommendationTypes.Count > 0)
                    {
                        filters.Add(new Filter(Dimension.RecommendationType, s.RecommendationTypes.Distinct().ToList(), string.Join(", ", s.RecommendationTypes.Distinct())));
                    }
                    if (ranking is { Limit: 0 })
                    {
                        ranking = ranking with { Limit = 5 };
                    }
                    plan = plan with
                    {
                        Filters = filters, Statuses = statuses, Ranking = ranking, GroupBy = groupBy,
                        Aggregate = s.Aggregate ?? (groupBy.Count > 0 ? Aggregate.Sum : Aggregate.List),
                    };
                    break;
                }
            case Intent.Forecast:
                {
                    var kind = s.ForecastKind ?? ForecastKind.MonthEnd;
                    Period period;
                    if (kind == ForecastKind.MonthEnd)
                    {
                        var start = TimeExpressions.MonthStart(s.Clock.Today);
                        period = new Period(start, start.AddMonths(1).AddDays(-1), $"end of {TimeExpressions.MonthName(start)}");
                    }
                    else if (s.ForecastRange is { } range)
                    {
                        period = range;
                    }
                    else
                    {
                        var start = TimeExpressions.MonthStart(s.Clock.Today);
                        period = new Period(s.Clock.Today, start.AddMonths(1).AddDays(-1), "the rest of this month");
                    }
                    plan = plan with { Filters = filters, Period = period, ForecastKind = kind };
                    break;
                }
            case Intent.Savings:
                {
                    var validated = s.Validated;
                    if (validated is null && !s.AllStatuses)
                    {
                        validated = true;
                        assumptions.Add("Validated savings only.");
                    }
                    if (ranking is { Limit: 0 })
                    {
                        ranking = ranking with { Limit = 5 };
                    }
                    plan = plan with
                    {
                        Filters = filters, GroupBy = groupBy, Ranking = ranking, Validated = validated, Period = s.Time.Periods.FirstOrDefault(),
                        Aggregate = s.Aggregate ?? (ranking is not null ? Aggregate.List : Aggregate.Sum),
                    };
                    break;
                }
        }
        plan = plan with
        {
            MinAmount = s.Min, MinInclusive = s.MinInclusive, MaxAmount = s.Max, MaxInclusive = s.MaxInclusive,
            Assumptions = assumptions,
        };
        return new Parsed(plan, resourceTerms);
    }

    private static List<Filter> WithInstances(ParseState s, List<Filter> filters) =>
        s.InstancesOnly && !filters.Any(f => f.Dimension == Dimension.InstanceType)
            ? [.. filters, new Filter(Dimension.InstanceType, [], "instances")]
            : filters;

    private static void AddMeasureAssumption(ParseState s, List<string> assumptions)
    {
        if (s.Measure is null)
        {
            assumptions.Add("Cost means effective (amortized) cost; ask for billed or list cost to change it.");
        }
    }
}

/// <summary>How a comparison is ordered.</summary>
public enum GrowthOrder { Current, Increase, IncreaseAscending, Decrease, Change }
