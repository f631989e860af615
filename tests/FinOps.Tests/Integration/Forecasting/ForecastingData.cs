using FinOps.Core.Data;
using FinOps.Core.Forecasting;
using FinOps.Core.Forecasting.Evaluation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Npgsql;
using NpgsqlTypes;

namespace FinOps.Tests.Integration.Forecasting;

/// <summary>
/// A bill in <c>daily_costs</c> shaped like the generated ones: two AWS accounts with three services each
/// (usage, plus a monthly support fee as a purchase), a service that started 20 days ago, and a small
/// euro account — and the forecasting service wired exactly as the Workers wire it.
/// </summary>
public static class ForecastingData
{
    public static readonly DateOnly LastDay = new(2026, 11, 19);
    public const int Days = 200;

    public static readonly (string Account, string Service, int Seed)[] Series =
    [
        ("111111111111", "Amazon EC2", 11), ("111111111111", "Amazon S3", 12), ("111111111111", "Amazon RDS", 13),
        ("222222222222", "Amazon EC2", 21), ("222222222222", "AWS Lambda", 22), ("222222222222", "Amazon CloudFront", 23),
    ];

    public static async Task SeedAsync(string connectionString)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var conn = await dataSource.OpenConnectionAsync();
        await using var copy = await conn.BeginBinaryImportAsync(
            "copy finops.daily_costs (day, billing_period_start, ingestion_id, provider_name, sub_account_id, service_name, charge_category, billing_currency, billed_cost, effective_cost, list_cost, line_count) from stdin (format binary)");
        var ingestion = Guid.NewGuid();
        var first = LastDay.AddDays(-(Days - 1));
        async Task Row(DateOnly day, string account, string service, string category, string currency, double cost)
        {
            var amount = Math.Round((decimal)cost, 2);
            await copy.StartRowAsync();
            await copy.WriteAsync(day, NpgsqlDbType.Date);
            await copy.WriteAsync(new DateOnly(day.Year, day.Month, 1), NpgsqlDbType.Date);
            await copy.WriteAsync(ingestion, NpgsqlDbType.Uuid);
            await copy.WriteAsync(currency == "EUR" ? "Microsoft" : "AWS", NpgsqlDbType.Text);
            await copy.WriteAsync(account, NpgsqlDbType.Text);
            await copy.WriteAsync(service, NpgsqlDbType.Text);
            await copy.WriteAsync(category, NpgsqlDbType.Text);
            await copy.WriteAsync(currency, NpgsqlDbType.Text);
            await copy.WriteAsync(amount, NpgsqlDbType.Numeric);
            await copy.WriteAsync(amount, NpgsqlDbType.Numeric);
            await copy.WriteAsync(amount, NpgsqlDbType.Numeric);
            await copy.WriteAsync(1L, NpgsqlDbType.Bigint);
        }
        foreach (var (account, service, seed) in Series)
        {
            var bill = SyntheticBills.Generate(seed, first, new SyntheticBillOptions(Days: Days, GapShare: 0, MonthlyFeeShare: 0, TaxShare: 0));
            for (var t = 0; t < Days; t++)
            {
                await Row(first.AddDays(t), account, service, "Usage", "USD", bill.Usage[t]);
            }
        }
        for (var d = first; d <= LastDay; d = d.AddDays(1))
        {
            if (d.Day == 1)
            {
                await Row(d, "111111111111", "AWS Support (Business)", "Purchase", "USD", 1500);
            }
            if (d > LastDay.AddDays(-20))
            {
                await Row(d, "222222222222", "Amazon Bedrock", "Usage", "USD", 400 + 10 * (d.DayNumber % 3));
            }
            await Row(d, "sub-eur-1", "Virtual Machines", "Usage", "EUR", d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 80 : 120);
        }
        await copy.CompleteAsync();
    }

    /// <summary>The Workers' registrations (data + forecasting) on this database, at <paramref name="time"/>.</summary>
    public static IHost Host(string connectionString, TimeProvider time, IDictionary<string, string?>? settings = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:finops"] = connectionString });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }
        builder.AddFinOpsData();
        builder.AddForecasting();
        builder.Services.Replace(ServiceDescriptor.Singleton(time));
        return builder.Build();
    }

    public static async Task<ForecastingRunSummary> RunJobAsync(IHost host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CostForecastingService>().RunAsync(TestContext.Current.CancellationToken);
    }
}
