using System.Globalization;
using System.Text.Json;
using FinOps.Core.Data;
using FinOps.Core.Forecasting;
using FinOps.Core.Insights;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FinOps.Core.Budgets;

/// <summary>
/// Forecast-based budget alerts, raised before a budget is crossed: an insight per account (and for the
/// total) whose probability of ending the month over budget reaches
/// <see cref="ForecastingOptions.AlertProbability"/>. Keyed per scope and month, so each run updates
/// rather than repeats them, and withdraws those no longer at risk.
/// </summary>
public sealed class BudgetAlerts(FinOpsDbContext db, ForecastQueries queries, IOptions<ForecastingOptions> options, TimeProvider time)
{
    public const string Kind = "budget_forecast";

    /// <returns>How many alerts are active after the run.</returns>
    public async Task<int> RaiseAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var active = 0;
        foreach (var currency in await queries.CurrenciesAsync(ct))
        {
            var view = await queries.MonthEndAsync(currency, ct);
            if (view.Status != ForecastRunStatus.Ok)
            {
                continue;
            }
            var monthKey = view.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
            var prefix = $"{Kind}:{currency}:{monthKey}:";
            var existing = await db.Insights.Where(i => i.Kind == Kind && i.DedupKey.StartsWith(prefix)).ToDictionaryAsync(i => i.DedupKey, ct);
            var keep = new HashSet<string>();
            foreach (var status in view.Accounts.Append(view.TotalBudget).OfType<BudgetStatus>())
            {
                if (status.ProbabilityOverBudget < options.Value.AlertProbability)
                {
                    continue;
                }
                var key = prefix + (status.SubAccountId ?? "total");
                keep.Add(key);
                var insight = existing.GetValueOrDefault(key);
                if (insight is null)
                {
                    insight = new Insight { Id = Guid.CreateVersion7(now), Kind = Kind, Title = "", Body = "", DedupKey = key };
                    db.Insights.Add(insight);
                }
                var who = status.SubAccountId is null ? "Total spend" : $"Account {status.Name} ({status.SubAccountId})";
                var money = CultureInfo.InvariantCulture;
                insight.Title = status.State == "exceeded"
                    ? $"{who} has exceeded its {monthKey} budget"
                    : $"{who} is forecast to exceed its {monthKey} budget ({status.ProbabilityOverBudget:P0} likely)";
                var crossing = status.CrossingDay is { } day ? string.Create(money, $"; the budget is expected to be crossed on {day:yyyy-MM-dd}.") : ".";
                insight.Body = string.Create(money,
                    $"Budget {status.Budget:N2} {currency}; spent {status.ActualToDate:N2} to {view.AsOf:yyyy-MM-dd}; forecast month end {status.ForecastMonthEnd:N2} (80% interval {status.Lower80:N2}–{status.Upper80:N2}), projected overrun {status.ProjectedOverrun:N2}") + crossing;
                insight.Severity = status.State == "exceeded" || status.ProbabilityOverBudget >= 0.9 ? "critical" : "warning";
                insight.Links = JsonSerializer.Serialize(new[] { status.SubAccountId is null ? "/forecasts" : $"/forecasts?subAccountId={Uri.EscapeDataString(status.SubAccountId)}" });
                insight.PeriodStart = view.Month;
                insight.PeriodEnd = view.Month.AddMonths(1).AddDays(-1);
                insight.GeneratedAt = now;
                active++;
            }
            db.Insights.RemoveRange(existing.Values.Where(i => !keep.Contains(i.DedupKey)));
        }
        await db.SaveChangesAsync(ct);
        return active;
    }
}
