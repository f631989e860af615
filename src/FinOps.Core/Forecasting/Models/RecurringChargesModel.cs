namespace FinOps.Core.Forecasting.Models;

/// <summary>
/// Forecasts the charges that are not usage (purchases, support and subscription fees, tax, credits):
/// a charge that fell on the same day of the month (the last day counting as one day) in at least
/// two of the last three complete months recurs at its median amount; everything else was a one-off
/// and is not projected. Usage models never see these charges, so a month-start fee neither inflates
/// the weekly pattern nor looks like a level shift.
/// </summary>
public sealed class RecurringChargesModel : IForecastModel
{
    public const string ModelName = "recurring_charges";
    private const int LastDayKey = 0;

    public string Name => ModelName;

    public void Predict(ModelInput input, int fitEnd, int first, int last, int horizon, double[][] output)
    {
        var schedules = new Dictionary<DateOnly, double[]>();
        for (var o = first; o <= last; o++)
        {
            var originDay = input.DayAt(o);
            var month = new DateOnly(originDay.Year, originDay.Month, 1);
            if (!schedules.TryGetValue(month, out var schedule))
            {
                schedules[month] = schedule = Schedule(input, month);
            }
            var row = output[o - first];
            for (var h = 0; h < horizon; h++)
            {
                var day = input.DayAt(o + h);
                var isLast = day.Day == DateTime.DaysInMonth(day.Year, day.Month);
                row[h] = isLast && schedule[LastDayKey] != 0 ? schedule[LastDayKey] : schedule[day.Day];
            }
        }
    }

    /// <summary>Amount per day-of-month key (1..31, 0 = last day) recurring in the three months before <paramref name="month"/>.</summary>
    private static double[] Schedule(ModelInput input, DateOnly month)
    {
        var schedule = new double[32];
        Span<double> amounts = stackalloc double[3];
        for (var key = 0; key < 32; key++)
        {
            var found = 0;
            var months = 0;
            for (var back = 1; back <= 3; back++)
            {
                var m = month.AddMonths(-back);
                var days = DateTime.DaysInMonth(m.Year, m.Month);
                var dayOfMonth = key == LastDayKey ? days : key;
                if (dayOfMonth > days || (key != LastDayKey && key == days))
                {
                    continue; // The last day is counted under its own key only.
                }
                var index = m.AddDays(dayOfMonth - 1).DayNumber - input.Start.DayNumber;
                if (index < 0 || index >= input.Length)
                {
                    continue;
                }
                months++;
                var value = input.Values[index];
                if (value != 0)
                {
                    amounts[found++] = value;
                }
            }
            if (months >= 2 && found >= 2)
            {
                var a = amounts[..found];
                a.Sort();
                schedule[key] = found == 3 ? a[1] : (a[0] + a[1]) / 2;
            }
        }
        return schedule;
    }
}
