using FinOps.Core.Forecasting;
using FinOps.Core.Forecasting.Evaluation;
using FinOps.Core.Forecasting.Models;

namespace FinOps.Tests.Unit.Forecasting;

public class ForecastEngineTests
{
    private static readonly DateOnly Start = new(2025, 1, 1);

    /// <summary>Generated bills (trend, weekly seasonality, level shifts, fees, noise) with fixed seeds; the bar.</summary>
    private static List<CostHistory> Bills(int count, int firstSeed) =>
        Enumerable.Range(firstSeed, count).Select(seed => SyntheticBills.Generate(seed, Start, new SyntheticBillOptions(Days: 365 + 28))).ToList();

    [Fact]
    public void Selected_model_beats_weekly_seasonal_naive_by_at_least_15_percent_and_80_percent_intervals_cover_75_to_88_percent()
    {
        var report = HoldoutEvaluation.Run(Bills(80, 100), 28, new ForecastEngineOptions());

        Assert.Equal(80, report.Series);
        Assert.InRange(report.SelectionRatio, 0, 0.85);
        Assert.InRange(report.Coverage80, 0.75, 0.88);
        Assert.InRange(report.Coverage95, 0.90, 0.99);
        // Theta clearly beats the naive benchmark, as in M4.
        Assert.True(report.MaseOf(ThetaModel.ModelName) < report.MaseOf(SeasonalNaiveModel.ModelName));
    }

    [Fact]
    public void Month_end_total_lands_inside_its_intervals_at_about_the_stated_rate()
    {
        var (coverage80, coverage95, checkedCuts) = HoldoutEvaluation.MonthEnd(Bills(120, 400), new ForecastEngineOptions(), seed: 7);

        Assert.Equal(120, checkedCuts);
        Assert.InRange(coverage80, 0.70, 0.92);
        Assert.InRange(coverage95, 0.85, 1.0);
    }

    [Fact]
    public void Fewer_than_30_days_of_history_give_no_forecast_at_all()
    {
        var history = CostHistory.UsageOnly("short", Start, Enumerable.Repeat(100.0, 29).ToArray());

        var forecast = new ForecastEngine().Forecast(history, 60);

        Assert.Equal(ForecastStatus.InsufficientHistory, forecast.Status);
        Assert.Empty(forecast.Points);
        Assert.Null(forecast.Model);
        Assert.Equal(Start.AddDays(29), forecast.FirstDay);
    }

    [Fact]
    public void Forecast_starts_the_day_after_the_last_day_and_intervals_are_nested_around_the_prediction()
    {
        var history = HoldoutEvaluation.Cut(Bills(1, 9)[0], 200);

        var forecast = new ForecastEngine().Forecast(history, 75);

        Assert.Equal(ForecastStatus.Ok, forecast.Status);
        Assert.Equal(75, forecast.Points.Count);
        Assert.Equal(history.LastDay.AddDays(1), forecast.Points[0].Day);
        Assert.Contains(forecast.Model, ForecastEngine.Candidates);
        Assert.Single(forecast.Scores, s => s.Selected);
        Assert.Equal(forecast.Scores.Where(s => s.Mase is not null).Min(s => s.Mase), forecast.Scores.Single(s => s.Selected).Mase);
        foreach (var p in forecast.Points)
        {
            Assert.True(p.Lower95 <= p.Lower80 && p.Lower80 <= p.Predicted && p.Predicted <= p.Upper80 && p.Upper80 <= p.Upper95, $"{p}");
            Assert.True(p.Lower95 >= 0, "a bill that never went negative is not forecast below zero");
        }
        // Intervals widen with the horizon.
        Assert.True(forecast.Points[^1].Upper80 - forecast.Points[^1].Lower80 > forecast.Points[0].Upper80 - forecast.Points[0].Lower80);
    }

    [Fact]
    public void A_monthly_fee_recurs_on_the_first_and_a_one_off_purchase_is_not_projected()
    {
        var days = 150;
        var usage = new double[days];
        var other = new double[days];
        for (var t = 0; t < days; t++)
        {
            var day = Start.AddDays(t);
            usage[t] = day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 60 : 100;
            other[t] = day.Day == 1 ? 5000 : 0;
        }
        other[100] = 20_000; // a one-off reserved-instance purchase
        var forecast = new ForecastEngine().Forecast(new CostHistory("fee", Start, usage, other), 60);

        var firstOfMonth = forecast.Points.Single(p => p.Day == new DateOnly(2025, 6, 1));
        Assert.InRange(firstOfMonth.Predicted, 5000 + 55, 5000 + 105);
        Assert.All(forecast.Points.Where(p => p.Day.Day != 1), p => Assert.InRange(p.Predicted, 55, 105));
    }

    [Fact]
    public void A_fee_booked_as_usage_on_the_first_of_each_month_is_still_forecast_on_the_first()
    {
        var days = 160;
        var usage = new double[days];
        for (var t = 0; t < days; t++)
        {
            var day = Start.AddDays(t);
            usage[t] = (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 200 : 300) + (day.Day == 1 ? 3000 : 0) + (t % 3);
        }
        var forecast = new ForecastEngine().Forecast(CostHistory.UsageOnly("support-plan", Start, usage), 40);

        var firstOfMonth = forecast.Points.Single(p => p.Day == new DateOnly(2025, 7, 1));
        Assert.InRange(firstOfMonth.Predicted, 3150, 3350);
        Assert.All(forecast.Points.Where(p => p.Day.Day != 1), p => Assert.InRange(p.Predicted, 150, 360));
    }

    [Fact]
    public void Days_without_any_data_are_treated_as_unknown_not_as_zero_spend()
    {
        var usage = Enumerable.Range(0, 120).Select(t => 1000.0 + 2 * t).ToArray();
        for (var t = 60; t < 66; t++)
        {
            usage[t] = double.NaN;
        }
        var forecast = new ForecastEngine().Forecast(CostHistory.UsageOnly("gap", Start, usage), 30);

        Assert.Equal(ForecastStatus.Ok, forecast.Status);
        Assert.All(forecast.Points, p => Assert.InRange(p.Predicted, 1150, 1350));
    }

    [Fact]
    public void Probability_of_exceeding_falls_as_the_threshold_rises_and_is_a_half_at_the_median()
    {
        var forecast = new ForecastEngine().Forecast(HoldoutEvaluation.Cut(Bills(1, 21)[0], 300), 60);
        var month = forecast.Period(forecast.FirstDay, forecast.FirstDay.AddDays(29));

        var median = month.Predicted + ErrorDistribution.Quantile(month.ErrorSamples, 0.5);
        Assert.InRange(month.ProbabilityAbove(median), 0.4, 0.6);
        Assert.True(month.ProbabilityAbove(month.Lower95) > 0.9);
        Assert.True(month.ProbabilityAbove(month.Upper95) < 0.1);
        Assert.True(month.ProbabilityAbove(month.Lower80) > month.ProbabilityAbove(month.Upper80));
        Assert.Equal(forecast.Points.Take(30).Sum(p => p.Predicted), month.Predicted, 6);
        Assert.True(month.Lower95 <= month.Lower80 && month.Lower80 <= month.Upper80 && month.Upper80 <= month.Upper95);
    }

    [Fact]
    public void Damped_holt_winters_follows_a_clean_trend_with_weekly_pattern()
    {
        var weekly = new[] { 1.0, 1.1, 1.1, 1.05, 1.0, 0.6, 0.5 };
        var y = Enumerable.Range(0, 140).Select(t => (500 + 3.0 * t) * weekly[t % 7]).ToArray();
        var output = new[] { new double[7] };

        new HoltWintersModel().Predict(new ModelInput(Start, y), 140, 140, 140, 7, output);

        for (var h = 0; h < 7; h++)
        {
            var truth = (500 + 3.0 * (140 + h)) * weekly[(140 + h) % 7];
            Assert.InRange(output[0][h], truth * 0.95, truth * 1.05);
        }
    }
}
