using System.Net;
using FinOps.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace FinOps.Tests.E2E;

/// <summary>
/// The real API (same settings and fake clock as <see cref="ApiFactory"/>) on a real Kestrel socket, so the
/// Frontend's proxy and the browser reach it over TCP like in production. The OS picks the port, so no two
/// runs race for one.
/// </summary>
public sealed class KestrelApiFactory(PostgresServer postgres) : ApiFactory(postgres)
{
    /// <summary>Where the API listens, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(addresses.Single());
    }
}
