using FinOps.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace FinOps.Core.Security;

/// <summary>Who a valid key belongs to.</summary>
public sealed record ApiKeyIdentity(string Name, string Role, Guid? KeyId);

/// <summary>
/// Checks a presented API key against the bootstrap admin key and the hashed keys in
/// <c>api_keys</c>. Shared by the API's bearer handler and the Workers' dashboard sign-in.
/// </summary>
public sealed class ApiKeyValidator(FinOpsDbContext db, TimeProvider time)
{
    public const string BootstrapAdminName = "bootstrap-admin";
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(5);

    public async Task<ApiKeyIdentity?> ValidateAsync(string key, string? bootstrapAdminKey, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            return null;
        }
        var hash = ApiKeyHasher.Hash(key);
        if (!string.IsNullOrEmpty(bootstrapAdminKey) && ApiKeyHasher.FixedTimeEquals(hash, ApiKeyHasher.Hash(bootstrapAdminKey)))
        {
            return new ApiKeyIdentity(BootstrapAdminName, Roles.Admin, null);
        }

        var now = time.GetUtcNow();
        var stored = await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.KeyHash == hash, ct);
        if (stored is null || stored.RevokedAt is not null || stored.ExpiresAt <= now)
        {
            return null;
        }
        if (stored.LastUsedAt is null || now - stored.LastUsedAt > LastUsedResolution)
        {
            // Coarse on purpose: one write per key every few minutes, not one per request.
            await db.ApiKeys.Where(k => k.Id == stored.Id).ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), ct);
        }
        return new ApiKeyIdentity($"key:{stored.Name}", stored.Role, stored.Id);
    }
}
