using FinOps.Core.Forecasting;
using FinOps.Core.Jobs;

namespace FinOps.Workers.Jobs;

/// <summary>Backtests the models per scope, keeps the best, writes forecasts and budget alerts (ARCHITECTURE §4).</summary>
public sealed class CostForecastingJob(CostForecastingService forecasting) : IFinOpsJob
{
    public string Name => JobCatalog.CostForecasting;

    public async Task<string> RunAsync(JobRunOptions options, CancellationToken ct) => (await forecasting.RunAsync(ct)).ToString();
}
