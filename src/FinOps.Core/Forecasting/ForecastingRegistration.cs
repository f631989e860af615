using System.ComponentModel.DataAnnotations;
using FinOps.Core.Budgets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FinOps.Core.Forecasting;

public static class ForecastingRegistration
{
    /// <summary>Forecast queries for the API, and the forecasting service and budget alerts the job runs. Options: section <c>Forecasting</c>.</summary>
    public static IHostApplicationBuilder AddForecasting(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ForecastingOptions>().BindConfiguration(ForecastingOptions.Section)
            .Validate(o => Validator.TryValidateObject(o, new ValidationContext(o), null, validateAllProperties: true), "Forecasting options are out of range.")
            .ValidateOnStart();
        builder.Services.AddSingleton<ForecastQueries>();
        builder.Services.AddScoped<BudgetAlerts>();
        builder.Services.AddScoped<CostForecastingService>();
        return builder;
    }
}
