namespace FinOps.Core.Anomalies;

/// <summary>The cuts of spend that are scored, from broadest to narrowest.</summary>
public static class ScopeDimensions
{
    public const string Total = "total";
    public const string SubAccount = "sub_account";
    public const string Service = "service";
    public const string SubAccountService = "sub_account_service";
    public const string Region = "region";
    public const string Tag = "tag";

    public static readonly IReadOnlyList<string> All = [Total, SubAccount, Service, SubAccountService, Region, Tag];

    /// <summary>How narrow a cut is: the most specific scope that explains an event is the one reported.</summary>
    public static int Specificity(string dimension) => dimension switch
    {
        Total => 0,
        SubAccountService => 2,
        _ => 1,
    };
}

/// <summary>Charge categories are scored apart: a purchase or a lost credit is not a usage spike.</summary>
public static class CategoryGroups
{
    public const string Usage = "Usage";
    public const string Purchase = "Purchase";
    public const string Tax = "Tax";
    public const string Credit = "Credit";

    /// <summary>SQL mapping FOCUS ChargeCategory to the group (Adjustment and anything unknown count as usage).</summary>
    public const string Sql = "case charge_category when 'Purchase' then 'Purchase' when 'Tax' then 'Tax' when 'Credit' then 'Credit' else 'Usage' end";

    /// <summary>
    /// Purchases are measured in billed cost (their effective cost is amortized into usage); everything else in effective cost.
    /// </summary>
    public const string ValueSql = "case when charge_category = 'Purchase' then billed_cost else effective_cost end";

    /// <summary>Which cuts a group is scored on: usage on all; purchases and credits on total and sub-account; tax not at all (it follows usage).</summary>
    public static bool IsScored(string group, string dimension) => group switch
    {
        Usage => true,
        Purchase or Credit => dimension is ScopeDimensions.Total or ScopeDimensions.SubAccount,
        _ => false,
    };
}

/// <summary>One scored scope: a cut of spend in one charge category group and currency. Null members mean "all".</summary>
public sealed record AnomalyScope(
    string Dimension, string Category, string Currency,
    string? SubAccountId = null, string? ServiceName = null, string? RegionId = null, string? TagKey = null, string? TagValue = null)
{
    public const string None = "(none)";

    /// <summary>The readable, stable label stored in <c>anomalies.scope_label</c> (part of its unique key).</summary>
    public string Label
    {
        get
        {
            var label = Dimension switch
            {
                ScopeDimensions.Total => "total",
                ScopeDimensions.SubAccount => $"sub_account={SubAccountId ?? None}",
                ScopeDimensions.Service => $"service={ServiceName ?? None}",
                ScopeDimensions.SubAccountService => $"service={ServiceName ?? None} in sub_account={SubAccountId ?? None}",
                ScopeDimensions.Region => $"region={RegionId ?? None}",
                ScopeDimensions.Tag => $"tag:{TagKey}={TagValue ?? None}",
                _ => Dimension,
            };
            // The unique key has no currency column: a non-USD scope carries its currency in the label.
            return Currency == "USD" ? label : $"{label} [{Currency}]";
        }
    }

    /// <summary>True when <paramref name="narrower"/> is a strict part of this scope (same category and currency).</summary>
    public bool Contains(AnomalyScope narrower)
    {
        if (narrower.Category != Category || narrower.Currency != Currency || narrower.Dimension == Dimension)
        {
            return false;
        }
        return Dimension switch
        {
            ScopeDimensions.Total => true,
            ScopeDimensions.SubAccount => narrower.Dimension == ScopeDimensions.SubAccountService && narrower.SubAccountId == SubAccountId,
            ScopeDimensions.Service => narrower.Dimension == ScopeDimensions.SubAccountService && narrower.ServiceName == ServiceName,
            _ => false,
        };
    }

    /// <summary>True when a daily_costs row (sub-account, service, region) belongs to this scope; tag scopes never match rollup rows.</summary>
    public bool Matches(string? subAccountId, string? serviceName, string? regionId) => Dimension switch
    {
        ScopeDimensions.Total => true,
        ScopeDimensions.SubAccount => subAccountId == SubAccountId,
        ScopeDimensions.Service => serviceName == ServiceName,
        ScopeDimensions.SubAccountService => subAccountId == SubAccountId && serviceName == ServiceName,
        ScopeDimensions.Region => regionId == RegionId,
        _ => false,
    };
}
