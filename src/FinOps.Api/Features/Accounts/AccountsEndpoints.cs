using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using FinOps.Api.Infrastructure;
using FinOps.Core;
using FinOps.Core.Accounts;
using FinOps.Core.Auditing;
using FinOps.Core.Data;
using FinOps.Core.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace FinOps.Api.Features.Accounts;

public static class AccountsEndpoints
{
    public static IEndpointRouteBuilder MapAccountsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/accounts").WithTags("Accounts").RequireAuthorization(Roles.Viewer);
        group.MapGet("/", List).WithName("ListAccounts").WithSummary("Every tracked cloud account");
        group.MapGet("/{id:guid}", Get).WithName("GetAccount").WithSummary("One account");
        group.MapPost("/", Create).WithName("CreateAccount").WithSummary("Track a cloud account").RequireAuthorization(Roles.Analyst);
        group.MapPut("/{id:guid}", Update).WithName("UpdateAccount").WithSummary("Change an account").RequireAuthorization(Roles.Analyst);
        group.MapDelete("/{id:guid}", Delete).WithName("DeleteAccount").WithSummary("Stop tracking an account").RequireAuthorization(Roles.Analyst);
        return app;
    }

    public sealed record AccountRequest(
        [property: Required, StringLength(64, MinimumLength = 1)] string Provider,
        [property: StringLength(256)] string? BillingAccountId,
        [property: Required, StringLength(256, MinimumLength = 1)] string SubAccountId,
        [property: Required, StringLength(256, MinimumLength = 1)] string Name,
        [property: StringLength(256)] string? Owner,
        [property: StringLength(256)] string? Team,
        [property: Range(typeof(decimal), "0", "1000000000000")] decimal? MonthlyBudget,
        [property: RegularExpression("^[A-Z]{3}$", ErrorMessage = "Currency must be an ISO 4217 code such as USD.")] string? Currency,
        [property: StringLength(512), RegularExpression(@"^[A-Za-z0-9_\-/\.]+$", ErrorMessage = "A Vault path holds letters, digits, '-', '_', '.' and '/'.")] string? CredentialsVaultPath);

    public sealed record AccountResponse(
        Guid Id, string Provider, string? BillingAccountId, string SubAccountId, string Name, string? Owner, string? Team,
        decimal? MonthlyBudget, string Currency, string? CredentialsVaultPath, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
    {
        public static AccountResponse From(Account a) => new(a.Id, a.Provider, a.BillingAccountId, a.SubAccountId, a.Name, a.Owner,
            a.Team, a.MonthlyBudget, a.Currency, a.CredentialsVaultPath, a.CreatedAt, a.UpdatedAt);
    }

    private static async Task<Ok<List<AccountResponse>>> List(FinOpsDbContext db, CancellationToken ct)
    {
        var accounts = await db.Accounts.AsNoTracking().OrderBy(a => a.Provider).ThenBy(a => a.Name).ToListAsync(ct);
        return TypedResults.Ok(accounts.Select(AccountResponse.From).ToList());
    }

    private static async Task<Results<Ok<AccountResponse>, NotFound>> Get(Guid id, FinOpsDbContext db, CancellationToken ct) =>
        await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct) is { } account
            ? TypedResults.Ok(AccountResponse.From(account))
            : TypedResults.NotFound();

    private static async Task<Created<AccountResponse>> Create(
        AccountRequest request, FinOpsDbContext db, AuditTrail audit, TimeProvider time, ClaimsPrincipal user, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var account = new Account { Provider = "", SubAccountId = "", Name = "", CreatedAt = now };
        Apply(account, request, now);
        db.Accounts.Add(account);
        audit.Record(user.Actor(), "account.create", "account", account.Id.ToString(), request);
        await SaveAsync(db, account, ct);
        return TypedResults.Created($"/api/v1/accounts/{account.Id}", AccountResponse.From(account));
    }

    private static async Task<Ok<AccountResponse>> Update(
        Guid id, AccountRequest request, FinOpsDbContext db, AuditTrail audit, TimeProvider time, ClaimsPrincipal user, CancellationToken ct)
    {
        var account = await db.Accounts.FirstOrDefaultAsync(a => a.Id == id, ct) ?? throw new EntityNotFoundException("Account", id);
        Apply(account, request, time.GetUtcNow());
        audit.Record(user.Actor(), "account.update", "account", id.ToString(), request);
        await SaveAsync(db, account, ct);
        return TypedResults.Ok(AccountResponse.From(account));
    }

    private static async Task<NoContent> Delete(Guid id, FinOpsDbContext db, AuditTrail audit, ClaimsPrincipal user, CancellationToken ct)
    {
        var account = await db.Accounts.FirstOrDefaultAsync(a => a.Id == id, ct) ?? throw new EntityNotFoundException("Account", id);
        db.Accounts.Remove(account);
        audit.Record(user.Actor(), "account.delete", "account", id.ToString(), new { account.Provider, account.SubAccountId, account.Name });
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    private static void Apply(Account account, AccountRequest r, DateTimeOffset now)
    {
        account.Provider = r.Provider.Trim();
        account.BillingAccountId = NullIfBlank(r.BillingAccountId);
        account.SubAccountId = r.SubAccountId.Trim();
        account.Name = r.Name.Trim();
        account.Owner = NullIfBlank(r.Owner);
        account.Team = NullIfBlank(r.Team);
        account.MonthlyBudget = r.MonthlyBudget;
        account.Currency = r.Currency ?? "USD";
        account.CredentialsVaultPath = NullIfBlank(r.CredentialsVaultPath);
        account.UpdatedAt = now;
    }

    private static async Task SaveAsync(FinOpsDbContext db, Account account, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            throw new ConflictException($"An account {account.Provider}/{account.SubAccountId} already exists.");
        }
    }

    private static string? NullIfBlank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
