using System.ComponentModel.DataAnnotations;
using FinOps.Core.Ingestion.Demo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace FinOps.Core.Ingestion;

public static class IngestionRegistration
{
    /// <summary>
    /// Registers the ingestion engine: <see cref="IngestionService"/>, <see cref="FolderSource"/> (folders from
    /// <c>Ingestion:Folders</c>), <see cref="DemoDataGenerator"/> and <see cref="FocusExporter"/>, with <see cref="IngestionOptions"/> bound
    /// from the <c>Ingestion</c> section. Needs the database registered first (<c>AddFinOpsData</c>).
    /// </summary>
    public static IHostApplicationBuilder AddIngestion(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<IngestionOptions>()
            .BindConfiguration(IngestionOptions.Section)
            .Validate(o => Validator.TryValidateObject(o, new ValidationContext(o), null, validateAllProperties: true),
                "Ingestion options out of range: see IngestionOptions for the limits.")
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<IngestionService>();
        builder.Services.TryAddSingleton<FolderSource>();
        builder.Services.TryAddSingleton<DemoDataGenerator>();
        builder.Services.TryAddSingleton<FocusExporter>();
        return builder;
    }
}
