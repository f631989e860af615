using System.ComponentModel.DataAnnotations;
using FinOps.Core.Catalog;
using FinOps.Core.Savings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace FinOps.Core.Recommendations;

public static class RecommendationsRegistration
{
    /// <summary>
    /// Registers the instance catalog (store, snapshot seeding, price-list updater), the rightsizing analysis, the
    /// recommendation lifecycle and the savings tracker, with options from the <c>Catalog</c>, <c>Rightsizing</c> and
    /// <c>Savings</c> sections. Needs the database registered first (<c>AddFinOpsData</c>).
    /// </summary>
    public static IHostApplicationBuilder AddRightsizing(this IHostApplicationBuilder builder)
    {
        Bind<CatalogOptions>(builder, CatalogOptions.Section);
        Bind<RightsizingOptions>(builder, RightsizingOptions.Section);
        Bind<SavingsOptions>(builder, SavingsOptions.Section);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<CatalogStore>();
        builder.Services.TryAddSingleton(_ => new CatalogHttp(new HttpClient { Timeout = TimeSpan.FromMinutes(10) }));
        builder.Services.TryAddScoped<CatalogUpdater>();
        builder.Services.TryAddSingleton<RightsizingData>();
        builder.Services.TryAddScoped<RightsizingService>();
        builder.Services.TryAddScoped<RecommendationLifecycle>();
        builder.Services.TryAddScoped<SavingsTracker>();
        builder.Services.TryAddSingleton<SavingsQueries>();
        return builder;
    }

    private static void Bind<T>(IHostApplicationBuilder builder, string section) where T : class =>
        builder.Services.AddOptions<T>()
            .BindConfiguration(section)
            .Validate(o => Validator.TryValidateObject(o, new ValidationContext(o), null, validateAllProperties: true),
                $"{section} options out of range: see {typeof(T).Name} for the limits.")
            .ValidateOnStart();
}
