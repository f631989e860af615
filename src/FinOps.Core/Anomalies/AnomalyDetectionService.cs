using System.Diagnostics;
using System.Text.Json;
using FinOps.Core.Anomalies.Detection;
using FinOps.Core.Anomalies.Notifications;
using FinOps.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FinOps.Core.Anomalies;

/// <summary>One day of a scope for charts: actual, and the expected value and band (null where the day is not scored).</summary>
public sealed record SeriesPoint(DateOnly Day, decimal? Actual, decimal? Expected, decimal? Lower, decimal? Upper, bool OutsideBand);

/// <summary>What one detection run did.</summary>
public sealed record AnomalyRunResult(
    DateOnly? From, DateOnly? To, int Scopes, int Findings, int Reported, int Inserted, int Updated, int Removed, int Notifications)
{
    public string Summary => From is null
        ? "no cost data to score"
        : $"scored {Scopes} scopes for {From:yyyy-MM-dd}..{To:yyyy-MM-dd}: {Findings} flagged, {Reported} reported after de-duplication " +
          $"({Inserted} new, {Updated} updated, {Removed} withdrawn); {Notifications} alert messages sent";
}

/// <summary>
/// Scores every scope's latest days (or every day from a date) and keeps <c>anomalies</c> in step: the anomaly-detection job
/// calls <see cref="RunAsync"/>; the ingestion path can call <see cref="ScoreAfterIngestionAsync"/> with the days it loaded.
/// </summary>
/// <remarks>
/// Runs are idempotent: rows are upserted on (day, scope_dimension, scope_label, charge_category); numbers, severity, root
/// causes and links are refreshed, a user's status, feedback and note never are. An open, untouched anomaly that a rerun no
/// longer finds (the bill was corrected) is withdrawn. Feedback is respected: after <c>no</c> or <c>planned_activity</c> on a
/// scope, its anomalies of the next <see cref="AnomalyOptions.FeedbackQuietDays"/> days are recorded already closed and are not
/// sent; each <c>no</c> on a scope in the last <see cref="AnomalyOptions.FeedbackLookBackDays"/> days multiplies its threshold
/// by 1 + <see cref="AnomalyOptions.WideningPerNo"/> (additively, capped at <see cref="AnomalyOptions.MaxWidening"/>).
/// </remarks>
public sealed class AnomalyDetectionService(
    CostSeriesReader reader, FinOpsDbContext db, AlertNotifier notifier, IOptions<AnomalyOptions> options, TimeProvider time,
    ILogger<AnomalyDetectionService> logger)
{
    private readonly AnomalyOptions options = options.Value;

    /// <summary>Scores the days an ingestion loaded (from its first day to the latest day with data).</summary>
    public Task<AnomalyRunResult> ScoreAfterIngestionAsync(DateOnly firstLoadedDay, CancellationToken ct) => RunAsync(firstLoadedDay, ct);

    /// <param name="since">Score every day from this date; null scores the latest <see cref="AnomalyOptions.RecentDays"/> days with data.</param>
    public async Task<AnomalyRunResult> RunAsync(DateOnly? since, CancellationToken ct)
    {
        using var activity = AnomalyTelemetry.ActivitySource.StartActivity("anomaly detection");
        var latest = await reader.LatestDaysAsync(options.RecentDays, ct);
        if (latest.Count == 0)
        {
            return new AnomalyRunResult(null, null, 0, 0, 0, 0, 0, 0, await notifier.SendDigestsAsync(ct));
        }
        var to = latest[^1];
        var from = since ?? latest[0];
        if (from > to)
        {
            return new AnomalyRunResult(null, null, 0, 0, 0, 0, 0, 0, await notifier.SendDigestsAsync(ct));
        }
        activity?.SetTag("finops.anomalies.from", from.ToString("O"));
        activity?.SetTag("finops.anomalies.to", to.ToString("O"));

        // Each scored day looks back HistoryDays, and the days before it are scored silently for as long again to know
        // which events are ongoing: read twice the history.
        var detector = options.Detector;
        var start = from.AddDays(-2 * detector.HistoryDays);
        var days = to.DayNumber - start.DayNumber + 1;
        var rows = await reader.ReadAsync(start, to, ct);
        var tagRows = await reader.ReadTagsAsync(options.TagKeys, start, to, ct);
        var series = ScopeSeries.Build(rows, tagRows, start, days);
        var feedback = await FeedbackAsync(from, ct);

        var scoring = Stopwatch.StartNew();
        var findings = Score(series, start, from, to, feedback);
        AnomalyTelemetry.ScoringDuration.Record(scoring.Elapsed.TotalSeconds);

        var rowsByDay = rows.GroupBy(r => r.Day).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var f in findings)
        {
            f.RootCauses = RollupRootCauses(f, rowsByDay);
        }
        AnomalyDeduplicator.Link(findings, options.ExplainShare);
        foreach (var f in findings.Where(f => f.IsReported))
        {
            f.RootCauses = ContributionAnalysis.Merge([f.RootCauses, .. await LineItemRootCausesAsync(f, ct)], options.MaxRootCauses);
        }
        // Tag values cut across everything, like regions; only the line items say which reported anomaly carries them.
        AnomalyDeduplicator.LinkCrossCuts(findings, ScopeDimensions.Tag, options.ExplainShare);

        var (created, updated, removed) = await PersistAsync(findings, from, to, feedback, ct);
        AnomalyTelemetry.Detected.Add(created.Count(a => a.ParentAnomalyId is null));
        var sent = await notifier.NotifyImmediateAsync(created, ct) + await notifier.SendDigestsAsync(ct);
        var result = new AnomalyRunResult(from, to, series.Count, findings.Count, findings.Count(f => f.IsReported), created.Count, updated, removed, sent);
        logger.LogInformation("Anomaly detection: {Summary}", result.Summary);
        return result;
    }

    /// <summary>
    /// The anomaly's scope, day by day from <paramref name="daysBefore"/> days before it to <paramref name="daysAfter"/> after
    /// (as far as there is data): actual spend against the expected value and band the detector computes for each day.
    /// </summary>
    public async Task<IReadOnlyList<SeriesPoint>> SeriesAroundAsync(Anomaly anomaly, int daysBefore, int daysAfter, CancellationToken ct)
    {
        var scope = ScopeOf(anomaly);
        var latest = (await reader.LatestDaysAsync(1, ct)).FirstOrDefault(anomaly.Day);
        var first = anomaly.Day.AddDays(-daysBefore);
        var last = anomaly.Day.AddDays(daysAfter) < latest ? anomaly.Day.AddDays(daysAfter) : latest;
        if (last < anomaly.Day)
        {
            last = anomaly.Day;
        }
        var start = first.AddDays(-2 * options.Detector.HistoryDays);
        var values = await reader.ReadScopeAsync(scope, start, last, ct);
        var from = first.DayNumber - start.DayNumber;
        var scores = new DayScore[last.DayNumber - first.DayNumber + 1];
        CostAnomalyDetector.Score(values, start, from, values.Length - 1, options.Detector, scores);
        return scores.Select((d, i) => new SeriesPoint(
                first.AddDays(i),
                double.IsNaN(values[from + i]) ? null : ContributionAnalysis.Money(values[from + i]),
                d.Scored ? ContributionAnalysis.Money(d.Expected) : null,
                d.Scored ? ContributionAnalysis.Money(d.Lower) : null,
                d.Scored ? ContributionAnalysis.Money(d.Upper) : null,
                d.OutsideBand))
            .ToList();
    }

    /// <summary>The scope a stored anomaly is about.</summary>
    public static AnomalyScope ScopeOf(Anomaly a) =>
        new(a.ScopeDimension, a.ChargeCategory, a.Currency, a.SubAccountId, a.ServiceName, a.RegionId, a.TagKey, a.TagValue);

    private List<AnomalyFinding> Score(Dictionary<AnomalyScope, double[]> series, DateOnly start, DateOnly from, DateOnly to, FeedbackState feedback)
    {
        var fromIndex = from.DayNumber - start.DayNumber;
        var toIndex = to.DayNumber - start.DayNumber;
        var findings = new List<AnomalyFinding>();
        var output = new DayScore[toIndex - fromIndex + 1];
        foreach (var (scope, values) in series)
        {
            var widening = feedback.Widening(scope);
            CostAnomalyDetector.Score(values, start, fromIndex, toIndex, options.Detector, output, widening);
            for (var i = 0; i < output.Length; i++)
            {
                if (output[i].IsAnomaly)
                {
                    findings.Add(new AnomalyFinding(scope, from.AddDays(i), output[i]));
                }
            }
        }
        return findings;
    }

    /// <summary>Which sub-accounts, services and regions inside the scope carry the delta, against the same weekday of the last four weeks.</summary>
    private List<RootCause> RollupRootCauses(AnomalyFinding f, Dictionary<DateOnly, List<CostRow>> rowsByDay)
    {
        if (f.Scope.Dimension == ScopeDimensions.Tag)
        {
            // Rollup rows carry no tags: a tag scope's causes come from its line items alone.
            return [];
        }
        var references = Enumerable.Range(1, 4).Select(w => f.Day.AddDays(-7 * w)).Where(rowsByDay.ContainsKey).ToList();
        var rankings = new List<List<RootCause>>();
        foreach (var (dimension, key) in new (string, Func<CostRow, string?>)[]
                 {
                     ("sub_account", r => r.SubAccountId), ("service", r => r.ServiceName), ("region", r => r.RegionId),
                 })
        {
            if (IsFixedBy(f.Scope, dimension))
            {
                continue;
            }
            Dictionary<string, double> Sum(DateOnly day) => rowsByDay.GetValueOrDefault(day, [])
                .Where(r => r.Category == f.Scope.Category && r.Currency == f.Scope.Currency && f.Scope.Matches(r.SubAccountId, r.ServiceName, r.RegionId))
                .GroupBy(r => key(r) ?? AnomalyScope.None)
                .ToDictionary(g => g.Key, g => g.Sum(r => r.Amount));
            rankings.Add(ContributionAnalysis.Rank(dimension, Sum(f.Day), references.Select(d => (IReadOnlyDictionary<string, double>)Sum(d)).ToList(),
                f.Score.Expected, f.Score.Impact, 5));
        }
        return ContributionAnalysis.Merge(rankings, options.MaxRootCauses);
    }

    private static bool IsFixedBy(AnomalyScope scope, string dimension) => (scope.Dimension, dimension) switch
    {
        (ScopeDimensions.SubAccount, "sub_account") => true,
        (ScopeDimensions.Service, "service") => true,
        (ScopeDimensions.SubAccountService, "sub_account" or "service") => true,
        (ScopeDimensions.Region, "region") => true,
        _ => false,
    };

    /// <summary>
    /// Resources, usage types and configured tag values, from the line items of the flagged day and the same weekday one and
    /// two weeks before.
    /// </summary>
    private async Task<List<List<RootCause>>> LineItemRootCausesAsync(AnomalyFinding f, CancellationToken ct)
    {
        var referenceDays = new[] { f.Day.AddDays(-7), f.Day.AddDays(-14) };
        var breakdown = await reader.ReadLineItemBreakdownAsync(f.Scope, [f.Day, .. referenceDays], options.TagKeys, ct);
        var present = referenceDays.Where(d => breakdown[d]["resource"].Count > 0).ToList();
        var dimensions = breakdown.Values.SelectMany(d => d.Keys).Distinct().Order(StringComparer.Ordinal)
            .Where(d => !(f.Scope.Dimension == ScopeDimensions.Tag && d == $"tag:{f.Scope.TagKey}"));
        return dimensions
            .Select(dimension => ContributionAnalysis.Rank(dimension, breakdown[f.Day].GetValueOrDefault(dimension, []),
                present.Select(d => (IReadOnlyDictionary<string, double>)breakdown[d].GetValueOrDefault(dimension, [])).ToList(),
                f.Score.Expected, f.Score.Impact, 5))
            .ToList();
    }

    private async Task<(List<Anomaly> Created, int Updated, int Removed)> PersistAsync(
        List<AnomalyFinding> findings, DateOnly from, DateOnly to, FeedbackState feedback, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var existing = await db.Anomalies.Where(a => a.Day >= from && a.Day <= to).ToListAsync(ct);
        var byKey = existing.ToDictionary(a => (a.Day, a.ScopeDimension, a.ScopeLabel, a.ChargeCategory));
        var entities = new Dictionary<AnomalyFinding, Anomaly>();
        var created = new List<Anomaly>();
        var updated = 0;
        foreach (var f in findings)
        {
            var key = (f.Day, f.Scope.Dimension, f.Scope.Label, f.Scope.Category);
            if (byKey.Remove(key, out var entity))
            {
                updated += Apply(entity, f, now) ? 1 : 0;
            }
            else
            {
                entity = new Anomaly { Id = Guid.CreateVersion7(now), ScopeDimension = f.Scope.Dimension, ScopeLabel = f.Scope.Label, Severity = "", DetectedAt = now };
                Apply(entity, f, now);
                if (feedback.QuietedBy(f.Scope, f.Day) is { } earlier)
                {
                    entity.Status = earlier.Status;
                    entity.FeedbackNote = $"Follows feedback '{earlier.Feedback}' given on {earlier.Day:yyyy-MM-dd}; not alerted.";
                }
                db.Anomalies.Add(entity);
                created.Add(entity);
            }
            entities[f] = entity;
        }
        foreach (var (f, entity) in entities)
        {
            var parent = f.ExplainedBy is { } by ? entities[by].Id : (Guid?)null;
            if (entity.ParentAnomalyId != parent)
            {
                entity.ParentAnomalyId = parent;
                entity.UpdatedAt = now;
            }
        }
        // What this run no longer finds: withdrawn if nobody has touched it, kept (unlinked) otherwise.
        var removed = 0;
        var kept = entities.Values.Select(e => e.Id).ToHashSet();
        foreach (var stale in byKey.Values)
        {
            if (stale.Status == AnomalyStatus.Open && stale.Feedback is null)
            {
                db.Anomalies.Remove(stale);
                removed++;
            }
            else if (stale.ParentAnomalyId is { } p && !kept.Contains(p))
            {
                stale.ParentAnomalyId = null;
                stale.UpdatedAt = now;
            }
        }
        await db.SaveChangesAsync(ct);
        return (created, updated, removed);
    }

    /// <summary>Copies a finding's numbers onto the row; true when anything changed. Status, feedback and note are the user's.</summary>
    private bool Apply(Anomaly a, AnomalyFinding f, DateTimeOffset now)
    {
        var s = f.Score;
        var before = (a.Actual, a.Expected, a.LowerBound, a.UpperBound, a.Severity, a.ImpactAmount);
        var sameCauses = SameRootCauses(a.RootCauses, f.RootCauses);
        a.Day = f.Day;
        a.ChargeCategory = f.Scope.Category;
        a.Currency = f.Scope.Currency;
        a.SubAccountId = f.Scope.SubAccountId;
        a.ServiceName = f.Scope.ServiceName;
        a.RegionId = f.Scope.RegionId;
        a.TagKey = f.Scope.TagKey;
        a.TagValue = f.Scope.TagValue;
        a.Actual = ContributionAnalysis.Money(s.Actual);
        a.Expected = ContributionAnalysis.Money(s.Expected);
        a.LowerBound = ContributionAnalysis.Money(s.Lower);
        a.UpperBound = ContributionAnalysis.Money(s.Upper);
        a.Score = Math.Round(s.Score, 4);
        a.ImpactAmount = ContributionAnalysis.Money(s.Impact);
        a.ImpactPercent = Math.Round(Math.Clamp(s.ImpactPercent, -1e6, 1e6), 4);
        a.Severity = AnomalySeverity.Of(s.Impact, s.ImpactPercent, options);
        a.RootCauses = JsonSerializer.Serialize(f.RootCauses);
        var changed = before != (a.Actual, a.Expected, a.LowerBound, a.UpperBound, a.Severity, a.ImpactAmount) || !sameCauses;
        if (changed || a.UpdatedAt == default)
        {
            a.UpdatedAt = now;
        }
        return changed;
    }

    /// <summary>jsonb stores its own formatting: compare the root causes, not their text.</summary>
    private static bool SameRootCauses(string stored, List<RootCause> fresh)
    {
        try
        {
            return JsonSerializer.Deserialize<List<RootCause>>(stored) is { } old && old.SequenceEqual(fresh);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private async Task<FeedbackState> FeedbackAsync(DateOnly from, CancellationToken ct)
    {
        var since = from.AddDays(-Math.Max(options.FeedbackLookBackDays, options.FeedbackQuietDays));
        var rows = await db.Anomalies.AsNoTracking()
            .Where(a => a.Day >= since && (a.Feedback == AnomalyFeedback.No || a.Feedback == AnomalyFeedback.PlannedActivity))
            .Select(a => new FeedbackRow(a.Day, a.ScopeDimension, a.ScopeLabel, a.ChargeCategory, a.Feedback!, a.Status))
            .ToListAsync(ct);
        return new FeedbackState(rows, options);
    }

    private sealed record FeedbackRow(DateOnly Day, string Dimension, string Label, string Category, string Feedback, string Status);

    private sealed class FeedbackState(List<FeedbackRow> rows, AnomalyOptions options)
    {
        private readonly ILookup<(string, string, string), FeedbackRow> byScope = rows.ToLookup(r => (r.Dimension, r.Label, r.Category));

        public double Widening(AnomalyScope scope)
        {
            var noes = byScope[(scope.Dimension, scope.Label, scope.Category)].Count(r => r.Feedback == AnomalyFeedback.No);
            return Math.Min(options.MaxWidening, 1 + options.WideningPerNo * noes);
        }

        public FeedbackRow? QuietedBy(AnomalyScope scope, DateOnly day) => byScope[(scope.Dimension, scope.Label, scope.Category)]
            .Where(r => r.Day < day && r.Day >= day.AddDays(-options.FeedbackQuietDays))
            .OrderByDescending(r => r.Day)
            .FirstOrDefault();
    }
}
