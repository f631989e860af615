using Aspire.Hosting.ApplicationModel;

namespace FinOps.AppHost.Publishing;

/// <summary>The HTTP paths orchestrators probe on a container's endpoint (the AppHost's health check uses the readiness one).</summary>
/// <param name="ProbeTool">The HTTP client inside the image (<c>wget</c> in busybox-based images), null for distroless images.</param>
internal sealed record HttpProbeAnnotation(string EndpointName, string ReadinessPath, string LivenessPath, string? ProbeTool) : IResourceAnnotation;

/// <summary>
/// The PostgreSQL exporter's connection settings (<c>DATA_SOURCE_URI</c>, <c>_USER</c>, <c>_PASS</c>)
/// are written by the publisher from the deployment's database settings, which differ between
/// Compose (the bundled server) and Helm (an external server from values).
/// </summary>
internal sealed record PostgresExporterAnnotation : IResourceAnnotation;

internal static class PublishingAnnotationExtensions
{
    /// <summary>An HTTP health check for the AppHost plus the probes of the generated deployments.</summary>
    public static IResourceBuilder<T> WithHttpProbe<T>(this IResourceBuilder<T> resource, string readinessPath,
        string? livenessPath = null, string endpointName = "http", string? probeTool = "wget") where T : IResourceWithEndpoints =>
        resource.WithHttpHealthCheck(readinessPath, endpointName: endpointName)
            .WithAnnotation(new HttpProbeAnnotation(endpointName, readinessPath, livenessPath ?? readinessPath, probeTool));
}
