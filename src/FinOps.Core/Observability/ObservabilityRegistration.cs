using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace FinOps.Core.Observability;

public static class ObservabilityRegistration
{
    /// <summary>
    /// Registers the <c>FinOps.Business</c> and <c>FinOps.JobQueue</c> meters and the background
    /// refresh that feeds them (<see cref="BusinessMetricsOptions"/> from
    /// <c>Observability:BusinessMetrics</c>). One process per deployment is enough: the Workers.
    /// Needs the database registered first (<c>AddFinOpsData</c>).
    /// </summary>
    public static IHostApplicationBuilder AddBusinessMetrics(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<BusinessMetricsOptions>()
            .BindConfiguration(BusinessMetricsOptions.Section)
            .Validate(o => Validator.TryValidateObject(o, new ValidationContext(o), null, validateAllProperties: true),
                "Observability:BusinessMetrics:RefreshInterval must be between 1 second and 1 day.")
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<BusinessQueries>();
        builder.Services.AddSingleton<BusinessMetrics>();
        builder.Services.AddSingleton<JobQueueMetrics>();
        builder.Services.AddSingleton<BusinessMetricsRefresher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<BusinessMetricsRefresher>());
        return builder;
    }
}
