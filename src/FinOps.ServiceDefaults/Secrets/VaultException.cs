using System.Net;

namespace FinOps.ServiceDefaults.Secrets;

/// <summary>
/// Vault refused or failed a request. The message names the operation and path, never a token or
/// a secret value.
/// </summary>
public sealed class VaultException(string message, HttpStatusCode? status = null, Exception? inner = null)
    : Exception(message, inner)
{
    public HttpStatusCode? Status { get; } = status;

    /// <summary>503 from Vault means the server is sealed (or standby without forwarding).</summary>
    public bool IsSealed => Status == HttpStatusCode.ServiceUnavailable;

    public bool IsPermissionDenied => Status == HttpStatusCode.Forbidden;
}
