using System.Net.Http.Json;
using Aspire.Hosting.ApplicationModel;

namespace FinOps.AppHost.Extensions;

/// <summary>
/// How the services get the database credentials and the bootstrap admin key: from a Vault dev
/// server (a container, seeded by the AppHost) when a container runtime exists, otherwise as local
/// development secrets in the environment — which the services' logs then say.
/// </summary>
internal sealed class ServiceSecrets
{
    public const string VaultPath = "finops/app";
    private readonly IResourceBuilder<IResourceWithConnectionString> database;
    private readonly IResourceBuilder<ParameterResource> adminKey;
    private readonly IResourceBuilder<ContainerResource>? vault;
    private readonly IResourceBuilder<ParameterResource>? vaultToken;

    private ServiceSecrets(IResourceBuilder<IResourceWithConnectionString> database, IResourceBuilder<ParameterResource> adminKey,
        IResourceBuilder<ContainerResource>? vault, IResourceBuilder<ParameterResource>? vaultToken)
    {
        this.database = database;
        this.adminKey = adminKey;
        this.vault = vault;
        this.vaultToken = vaultToken;
    }

    public static ServiceSecrets Create(IDistributedApplicationBuilder builder, bool useContainers,
        IResourceBuilder<IResourceWithConnectionString> database, IResourceBuilder<ParameterResource> adminKey)
    {
        if (!useContainers || builder.ExecutionContext.IsPublishMode)
        {
            return new ServiceSecrets(database, adminKey, null, null);
        }
        var token = builder.AddParameter("vault-dev-token", new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: true);
        var vault = builder.AddContainer("vault", "hashicorp/vault", "1.18")
            .WithEnvironment("VAULT_DEV_ROOT_TOKEN_ID", token)
            .WithEnvironment("VAULT_DEV_LISTEN_ADDRESS", "0.0.0.0:8200")
            .WithHttpEndpoint(targetPort: 8200, name: "http")
            .WithHttpHealthCheck("/v1/sys/health")
            .WaitFor(database);

        // Dev-mode Vault keeps secrets in memory: seed them each time it is ready, before dependents start.
        builder.Eventing.Subscribe<ResourceReadyEvent>(vault.Resource, async (_, ct) =>
        {
            using var http = new HttpClient { BaseAddress = new Uri(await vault.GetEndpoint("http").Property(EndpointProperty.Url).GetValueAsync(ct) + "/") };
            http.DefaultRequestHeaders.Add("X-Vault-Token", await token.Resource.GetValueAsync(ct));
            var body = new
            {
                data = new Dictionary<string, string?>
                {
                    ["ConnectionStrings__finops"] = await database.Resource.ConnectionStringExpression.GetValueAsync(ct),
                    ["Auth__BootstrapAdminKey"] = await adminKey.Resource.GetValueAsync(ct),
                },
            };
            using var response = await http.PostAsJsonAsync($"v1/secret/data/{VaultPath}", body, ct);
            response.EnsureSuccessStatusCode();
        });
        return new ServiceSecrets(database, adminKey, vault, token);
    }

    /// <summary>Gives a service its secrets: Vault settings, or the connection string and key directly.</summary>
    public IResourceBuilder<ProjectResource> ApplyTo(IResourceBuilder<ProjectResource> service)
    {
        if (vault is null || vaultToken is null)
        {
            return service.WithReference(database, ResourceNames.Database).WaitFor(database)
                .WithEnvironment("Auth__BootstrapAdminKey", adminKey);
        }
        return service.WaitFor(database).WaitFor(vault)
            .WithEnvironment("Vault__Address", vault.GetEndpoint("http"))
            .WithEnvironment("Vault__Token", vaultToken)
            .WithEnvironment("Vault__Secrets__0__Path", VaultPath);
    }
}
