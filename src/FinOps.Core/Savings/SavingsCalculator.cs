namespace FinOps.Core.Savings;

/// <summary>What the bills say about one resource in one window of whole days.</summary>
public sealed record WindowCost(DateOnly Start, DateOnly End, decimal EffectiveCost, decimal BilledHours)
{
    public int Days => End.DayNumber - Start.DayNumber + 1;
    public decimal CalendarHours => Days * 24m;
}

public sealed record SavingsMeasurement(
    string Method, decimal BaselineRate, decimal PostRate, decimal RealizedMonthly, decimal? RealizedVsEstimated, string Note);

/// <summary>
/// Realized savings from the bills: hourly cost rate before versus after, times 730 hours. A resized instance is
/// compared per billed hour (effective cost ÷ billed hours), so running fewer hours afterwards is not counted as a
/// saving of the resize; a stopped or deleted resource per calendar hour, since not running is the saving.
/// </summary>
public static class SavingsCalculator
{
    public const decimal HoursPerMonth = 730m;
    public const string BilledHourRate = "billed-hour-rate";
    public const string CalendarHourRate = "calendar-hour-rate";

    public static SavingsMeasurement Measure(string recommendationType, WindowCost baseline, WindowCost post, decimal estimatedMonthly)
    {
        var perBilledHour = recommendationType == Recommendations.RecommendationTypes.Rightsize;
        var note = "";
        if (perBilledHour && (baseline.BilledHours <= 0 || post.BilledHours <= 0))
        {
            perBilledHour = false;
            note = baseline.BilledHours <= 0
                ? "No billed hours before the change: compared per calendar hour."
                : "No billed hours after the change (the instance did not run): compared per calendar hour.";
        }
        decimal before, after;
        if (perBilledHour)
        {
            before = baseline.EffectiveCost / baseline.BilledHours;
            after = post.EffectiveCost / post.BilledHours;
        }
        else
        {
            before = baseline.EffectiveCost / baseline.CalendarHours;
            after = post.EffectiveCost / post.CalendarHours;
        }
        var realized = Math.Round((before - after) * HoursPerMonth, 2, MidpointRounding.AwayFromZero);
        decimal? ratio = estimatedMonthly > 0 ? Math.Round(realized / estimatedMonthly, 4, MidpointRounding.AwayFromZero) : null;
        return new SavingsMeasurement(perBilledHour ? BilledHourRate : CalendarHourRate,
            Math.Round(before, 6, MidpointRounding.AwayFromZero), Math.Round(after, 6, MidpointRounding.AwayFromZero), realized, ratio, note);
    }
}
