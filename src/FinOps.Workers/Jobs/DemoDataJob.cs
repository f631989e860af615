using FinOps.Core.Data;
using FinOps.Core.Ingestion.Demo;
using FinOps.Core.Jobs;
using Microsoft.EntityFrameworkCore;

namespace FinOps.Workers.Jobs;

/// <summary>
/// Loads the demo dataset (three clouds, 120 days up to yesterday, planted anomalies, utilization
/// metrics) through the real ingestion path. Running it again replaces the same billing periods,
/// so it never double counts.
/// </summary>
public sealed class DemoDataJob(DemoDataGenerator generator, FinOpsDbContext db) : IFinOpsJob
{
    public string Name => JobCatalog.DemoData;

    public async Task<string> RunAsync(JobRunOptions options, CancellationToken ct) => (await LoadAsync(DemoDataGenerator.DefaultSeed, ct)).Summary;

    public async Task<(string Summary, bool Succeeded)> LoadAsync(int seed, CancellationToken ct)
    {
        var outcomes = await generator.LoadAsync(ct, seed);
        var accounts = await RegisterAccountsAsync(ct);
        var failed = outcomes.Where(o => !o.Succeeded).ToList();
        var unchanged = outcomes.Count(o => o.AlreadyIngested);
        var summary = $"demo data: {outcomes.Sum(o => o.RowsLoaded):N0} rows in {outcomes.Count} file(s) ({unchanged} already loaded), {failed.Count} failed; {accounts} account(s) with budgets"
                      + string.Concat(failed.Select(f => $"; {f.Message}"));
        return (summary, failed.Count == 0);
    }

    /// <summary>
    /// Gives every sub-account of the demo bills an account with a monthly budget 10% above its last
    /// full month (keeping a budget someone already set), so budget views have something real to show.
    /// </summary>
    private Task<int> RegisterAccountsAsync(CancellationToken ct) => db.Database.ExecuteSqlRawAsync("""
        with last_month as (
            select date_trunc('month', max(day)) - interval '1 month' as start from finops.daily_costs
        ), spend as (
            select provider_name, sub_account_id, max(billing_account_id) as billing_account_id, max(sub_account_name) as name,
                   sum(effective_cost) filter (where day >= (select start from last_month) and day < (select start from last_month) + interval '1 month') as last_month
            from finops.daily_costs where sub_account_id is not null and provider_name is not null
            group by provider_name, sub_account_id
        )
        insert into finops.accounts (id, provider, billing_account_id, sub_account_id, name, monthly_budget, currency, created_at, updated_at)
        select gen_random_uuid(), provider_name, billing_account_id, sub_account_id, coalesce(name, sub_account_id),
               round(coalesce(last_month, 0) * 1.1, -2), 'USD', now(), now()
        from spend
        on conflict (provider, sub_account_id) do update
            set monthly_budget = coalesce(finops.accounts.monthly_budget, excluded.monthly_budget)
        """, ct);
}
