using Microsoft.Extensions.Logging;
using Npgsql;

namespace FinOps.Core.Billing;

/// <summary>Keeps the current month's partition and the next few months' ready before data arrives.</summary>
public sealed class PartitionMaintenance(NpgsqlDataSource dataSource, TimeProvider time, ILogger<PartitionMaintenance> logger)
{
    public const int MonthsAhead = 3;

    public async Task<IReadOnlyList<string>> RunAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var current = new DateOnly(now.Year, now.Month, 1);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var created = await BillingPartitions.EnsureAsync(connection, current, current.AddMonths(MonthsAhead), ct);
        logger.LogInformation("Partition maintenance: {Created} partition(s) created ({Names})", created.Count, string.Join(", ", created));
        return created;
    }
}
