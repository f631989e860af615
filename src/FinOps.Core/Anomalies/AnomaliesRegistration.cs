using System.ComponentModel.DataAnnotations;
using FinOps.Core.Anomalies.Notifications;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace FinOps.Core.Anomalies;

public static class AnomaliesRegistration
{
    /// <summary>
    /// Registers anomaly detection (<see cref="AnomalyDetectionService"/>, <see cref="CostSeriesReader"/>) and alerting
    /// (<see cref="AlertNotifier"/> on the named HttpClient <see cref="AlertNotifier.HttpClientName"/>), with
    /// <see cref="AnomalyOptions"/> bound from <c>Anomalies</c>. Needs the database registered first (<c>AddFinOpsData</c>).
    /// </summary>
    public static IHostApplicationBuilder AddAnomalies(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AnomalyOptions>()
            .BindConfiguration(AnomalyOptions.Section)
            .Validate(o => Valid(o) && Valid(o.Detector), "Anomalies options out of range: see AnomalyOptions and DetectorOptions for the limits.")
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<CostSeriesReader>();
        builder.Services.TryAddScoped<AlertNotifier>();
        builder.Services.TryAddScoped<AnomalyDetectionService>();
        // The webhook URL is a secret (Slack and Teams put the token in the path): no request logging for this client.
        builder.Services.AddHttpClient(AlertNotifier.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(30)).RemoveAllLoggers();
        return builder;
    }

    private static bool Valid(object o) => Validator.TryValidateObject(o, new ValidationContext(o), null, validateAllProperties: true);
}
