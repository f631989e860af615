using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using FinOps.Api.Infrastructure;
using FinOps.Core;
using FinOps.Core.Auditing;
using FinOps.Core.Data;
using FinOps.Core.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace FinOps.Api.Features.ApiKeys;

public static class ApiKeysEndpoints
{
    public static IEndpointRouteBuilder MapApiKeysEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/apikeys").WithTags("API keys").RequireAuthorization(Roles.Admin);
        group.MapGet("/", List).WithName("ListApiKeys").WithSummary("Every API key (never the secret)");
        group.MapPost("/", Create).WithName("CreateApiKey").WithSummary("Create a key; the secret is shown once");
        group.MapDelete("/{id:guid}", Revoke).WithName("RevokeApiKey").WithSummary("Revoke a key");
        return app;
    }

    public sealed record CreateApiKeyRequest(
        [property: Required, StringLength(100, MinimumLength = 1)] string Name,
        [property: Required] string Role,
        DateTimeOffset? ExpiresAt);

    public sealed record ApiKeyResponse(Guid Id, string Name, string Prefix, string Role, string? CreatedBy,
        DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

    public sealed record CreatedApiKeyResponse(Guid Id, string Name, string Prefix, string Role, string Key,
        DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt);

    private static async Task<Ok<List<ApiKeyResponse>>> List(FinOpsDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await db.ApiKeys.AsNoTracking().OrderByDescending(k => k.CreatedAt)
            .Select(k => new ApiKeyResponse(k.Id, k.Name, k.Prefix, k.Role, k.CreatedBy, k.CreatedAt, k.ExpiresAt, k.LastUsedAt, k.RevokedAt))
            .ToListAsync(ct));

    private static async Task<Created<CreatedApiKeyResponse>> Create(
        CreateApiKeyRequest request, FinOpsDbContext db, AuditTrail audit, TimeProvider time, ClaimsPrincipal user, CancellationToken ct)
    {
        var role = request.Role.Trim().ToLowerInvariant();
        if (!Roles.IsKnown(role))
        {
            throw new DomainValidationException("role", $"Role must be one of {string.Join(", ", Roles.Ordered)}.");
        }
        var now = time.GetUtcNow();
        if (request.ExpiresAt <= now)
        {
            throw new DomainValidationException("expiresAt", "The expiry must be in the future.");
        }
        var (key, prefix) = ApiKeyHasher.Generate();
        var entity = new ApiKey
        {
            Id = Guid.CreateVersion7(),
            Name = request.Name.Trim(),
            Prefix = prefix,
            KeyHash = ApiKeyHasher.Hash(key),
            Role = role,
            CreatedBy = user.Actor(),
            CreatedAt = now,
            ExpiresAt = request.ExpiresAt,
        };
        db.ApiKeys.Add(entity);
        audit.Record(user.Actor(), "apikey.create", "api_key", entity.Id.ToString(), new { entity.Name, entity.Role, entity.Prefix, entity.ExpiresAt });
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/apikeys/{entity.Id}",
            new CreatedApiKeyResponse(entity.Id, entity.Name, prefix, role, key, now, entity.ExpiresAt));
    }

    private static async Task<NoContent> Revoke(Guid id, FinOpsDbContext db, AuditTrail audit, TimeProvider time, ClaimsPrincipal user, CancellationToken ct)
    {
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id, ct) ?? throw new EntityNotFoundException("API key", id);
        if (key.RevokedAt is null)
        {
            key.RevokedAt = time.GetUtcNow();
            audit.Record(user.Actor(), "apikey.revoke", "api_key", id.ToString(), new { key.Name, key.Prefix });
            await db.SaveChangesAsync(ct);
        }
        return TypedResults.NoContent();
    }
}
