using FinOps.ServiceDefaults;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace FinOps.Frontend;

/// <summary>
/// The one proxy route: everything under <c>/api</c> goes to the API unchanged (path, query, body, the
/// Authorization header). The destination <c>http://api</c> is a service-discovery name, resolved from
/// <c>services__api__http__0</c>. Kept in code rather than appsettings so the route exists wherever the
/// host runs from.
/// </summary>
public static class ApiProxy
{
    private const string ClusterId = ResourceNames.Api;

    public static IReadOnlyList<RouteConfig> Routes { get; } =
    [
        new RouteConfig
        {
            RouteId = "api",
            ClusterId = ClusterId,
            Match = new RouteMatch { Path = "/api/{**catch-all}" },
            // Billing exports can be large; the API enforces its own upload limit.
            MaxRequestBodySize = -1,
        },
    ];

    public static IReadOnlyList<ClusterConfig> Clusters { get; } =
    [
        new ClusterConfig
        {
            ClusterId = ClusterId,
            Destinations = new Dictionary<string, DestinationConfig>
            {
                [ResourceNames.Api] = new() { Address = $"http://{ResourceNames.Api}" },
            },
            // Uploads and exports can keep a request busy well past YARP's 100 s default.
            HttpRequest = new ForwarderRequestConfig { ActivityTimeout = TimeSpan.FromMinutes(10) },
        },
    ];
}
