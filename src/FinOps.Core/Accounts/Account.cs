namespace FinOps.Core.Accounts;

/// <summary>A cloud account the platform tracks: an AWS account, Azure subscription or GCP project.</summary>
public sealed class Account
{
    public Guid Id { get; set; }
    /// <summary>FOCUS ProviderName, e.g. <c>AWS</c>, <c>Microsoft</c>, <c>Google Cloud</c>, <c>Oracle</c>.</summary>
    public required string Provider { get; set; }
    public string? BillingAccountId { get; set; }
    /// <summary>FOCUS SubAccountId: AWS account id, Azure subscription id, GCP project id.</summary>
    public required string SubAccountId { get; set; }
    public required string Name { get; set; }
    public string? Owner { get; set; }
    public string? Team { get; set; }
    public decimal? MonthlyBudget { get; set; }
    public string Currency { get; set; } = "USD";
    /// <summary>Vault KV path of the credentials used to act on this account (never the secret itself).</summary>
    public string? CredentialsVaultPath { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
