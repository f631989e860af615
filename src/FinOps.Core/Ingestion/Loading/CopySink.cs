using System.Text;
using FinOps.Core.Ingestion.Formats;
using FinOps.Core.Ingestion.Parsing;

namespace FinOps.Core.Ingestion.Loading;

/// <summary>A billing period replaced by a load: provider × billing account × billing period start.</summary>
internal readonly record struct BillingScope(string? Provider, string? BillingAccountId, long BillingPeriodStart)
{
    public DateOnly PeriodStart => ValueParsers.DateOf(BillingPeriodStart);

    /// <summary>Key for the advisory lock that serialises two loads of the same scope.</summary>
    public string LockKey => $"finops.scope|{Provider}|{BillingAccountId}|{BillingPeriodStart}";
}

/// <summary>
/// The set of scopes rows belong to. Rows of a file come in runs of one scope, so a scope is compared by
/// bytes with the previous one and only looked up (and its strings allocated) when it changes.
/// </summary>
internal sealed class ScopeTracker
{
    private readonly HashSet<BillingScope> scopes = [];
    private byte[] lastProvider = [];
    private byte[] lastAccount = [];
    private bool lastProviderNull = true;
    private bool lastAccountNull = true;
    private long lastPeriod = long.MinValue;

    public IReadOnlyCollection<BillingScope> Scopes => scopes;

    public void Add(ReadOnlySpan<byte> provider, bool providerNull, ReadOnlySpan<byte> account, bool accountNull, long period)
    {
        if (period == lastPeriod && providerNull == lastProviderNull && accountNull == lastAccountNull &&
            provider.SequenceEqual(lastProvider) && account.SequenceEqual(lastAccount))
        {
            return;
        }
        lastPeriod = period;
        lastProviderNull = providerNull;
        lastAccountNull = accountNull;
        lastProvider = provider.ToArray();
        lastAccount = account.ToArray();
        scopes.Add(new BillingScope(
            providerNull ? null : Encoding.UTF8.GetString(provider),
            accountNull ? null : Encoding.UTF8.GetString(account),
            period));
    }
}

/// <summary>
/// Encodes emitted rows for the COPY and keeps what the transaction needs afterwards: the scopes the
/// file covers, the span of its charge periods, the currencies it bills in.
/// </summary>
internal sealed class CopySink(byte[] ingestionIdBigEndian) : ILineItemSink
{
    private readonly ScopeTracker scopes = new();
    private readonly HashSet<string> currencies = [];
    private byte[] lastCurrency = [];
    private long minStart = long.MaxValue;
    private long maxStart = long.MinValue;

    public PgBinaryEncoder? Encoder { get; set; }

    /// <summary>Rows emitted (and encoded, while <see cref="Encoder"/> is set).</summary>
    public long Rows { get; private set; }

    public IReadOnlyCollection<BillingScope> Scopes => scopes.Scopes;
    public IReadOnlyCollection<string> Currencies => currencies;
    public long MinChargeStart => minStart;
    public long MaxChargeStart => maxStart;

    public void Emit(LineItemRow row)
    {
        Rows++;
        var start = row.Time[(int)TimeCol.ChargePeriodStart];
        if (start < minStart)
        {
            minStart = start;
        }
        if (start > maxStart)
        {
            maxStart = start;
        }
        var provider = row[TextCol.ProviderName];
        var account = row[TextCol.BillingAccountId];
        scopes.Add(provider.Span, provider.IsNull, account.Span, account.IsNull, row.Time[(int)TimeCol.BillingPeriodStart]);
        var currency = row[TextCol.BillingCurrency].Span;
        if (!currency.SequenceEqual(lastCurrency))
        {
            lastCurrency = currency.ToArray();
            currencies.Add(Encoding.UTF8.GetString(currency));
        }
        if (Encoder is not null)
        {
            LineItemCopy.Encode(Encoder, row, ingestionIdBigEndian);
        }
    }
}
