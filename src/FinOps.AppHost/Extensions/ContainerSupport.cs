using System.Diagnostics;

namespace FinOps.AppHost.Extensions;

/// <summary>
/// Decides once, at start, whether infrastructure runs as containers or as local processes.
/// A <c>WaitFor</c> on a container without a runtime hangs the AppHost silently, so this must be
/// known before the model is built.
/// </summary>
internal static class ContainerSupport
{
    /// <summary>
    /// True in publish mode (the model always describes containers), when <c>FinOps:UseContainers</c>
    /// says so, or when <c>docker info</c> (or <c>$ASPIRE_CONTAINER_RUNTIME info</c>) answers within 10 s.
    /// </summary>
    public static bool IsAvailable(IDistributedApplicationBuilder builder)
    {
        if (builder.ExecutionContext.IsPublishMode)
        {
            return true;
        }
        if (bool.TryParse(builder.Configuration["FinOps:UseContainers"], out var forced))
        {
            return forced;
        }
        var runtime = builder.Configuration["ASPIRE_CONTAINER_RUNTIME"] is { Length: > 0 } r ? r : "docker";
        try
        {
            using var process = Process.Start(new ProcessStartInfo(runtime, "info --format {{.ServerVersion}}")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null)
            {
                return false;
            }
            if (!process.WaitForExit(10_000))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // no such executable
        }
    }
}
