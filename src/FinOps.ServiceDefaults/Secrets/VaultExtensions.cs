using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FinOps.ServiceDefaults.Secrets;

public static class VaultExtensions
{
    /// <summary>
    /// When <c>Vault:Address</c> is set, adds the Vault configuration provider (so
    /// <c>ConnectionStrings:finops</c>, cloud keys and webhook URLs can come from KV v2) and a
    /// <c>vault</c> health check; otherwise logs at start that local development secrets are used.
    /// </summary>
    public static TBuilder AddVaultSecrets<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var options = builder.Configuration.GetSection(VaultOptions.Section).Get<VaultOptions>() ?? new VaultOptions();
        if (!options.IsConfigured)
        {
            builder.Services.AddHostedService(sp => new StartupNotice(sp.GetRequiredService<ILogger<VaultOptions>>(),
                "Vault is not configured (Vault:Address is empty): secrets come from local development sources (environment variables, user secrets)."));
            return builder;
        }

        var source = new VaultConfigurationSource(options);
        builder.Configuration.Add(source);
        var provider = ((IConfigurationRoot)builder.Configuration).Providers.OfType<VaultConfigurationProvider>().Last();
        builder.Services.AddHealthChecks().AddCheck("vault", () => provider.Status.Healthy
            ? HealthCheckResult.Healthy(provider.Status.Message)
            : HealthCheckResult.Degraded($"Using the last secrets read; Vault refresh failed: {provider.Status.Message}"));
        builder.Services.AddHostedService(sp => new StartupNotice(sp.GetRequiredService<ILogger<VaultOptions>>(),
            $"Secrets read from Vault at {options.Address} ({provider.Status.Message})."));
        return builder;
    }

    /// <summary>Logs one line at start: configuration is built before logging exists.</summary>
    private sealed class StartupNotice(ILogger logger, string message) : IHostedService
    {
        public Task StartAsync(CancellationToken ct)
        {
            logger.LogInformation("{VaultNotice}", message);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    }
}
