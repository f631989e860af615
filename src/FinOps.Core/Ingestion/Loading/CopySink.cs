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
/// Encodes emitted rows for the COPY and keeps what the transaction needs afterwards: the scopes the
/// file covers, the months it touches, the currencies it bills in. Rows of a file come in runs of one
/// scope, so a scope is compared by bytes with the previous one and only looked up when it changes.
/// </summary>
internal sealed class CopySink(byte[] ingestionIdBigEndian) : ILineItemSink
{
    private readonly HashSet<BillingScope> scopes = [];
    private readonly HashSet<string> currencies = [];
    private byte[] lastProvider = [];
    private byte[] lastAccount = [];
    private bool lastProviderNull;
    private bool lastAccountNull;
    private long lastPeriod = long.MinValue;
    private byte[] lastCurrency = [];
    private long minStart = long.MaxValue;
    private long maxStart = long.MinValue;

    public PgBinaryEncoder? Encoder { get; set; }

    /// <summary>Rows emitted (and encoded, while <see cref="Encoder"/> is set).</summary>
    public long Rows { get; private set; }

    public IReadOnlyCollection<BillingScope> Scopes => scopes;
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
        TrackScope(row);
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

    private void TrackScope(LineItemRow row)
    {
        var provider = row[TextCol.ProviderName];
        var account = row[TextCol.BillingAccountId];
        var period = row.Time[(int)TimeCol.BillingPeriodStart];
        if (period == lastPeriod && provider.IsNull == lastProviderNull && account.IsNull == lastAccountNull &&
            provider.Span.SequenceEqual(lastProvider) && account.Span.SequenceEqual(lastAccount))
        {
            return;
        }
        lastPeriod = period;
        lastProviderNull = provider.IsNull;
        lastAccountNull = account.IsNull;
        lastProvider = provider.Span.ToArray();
        lastAccount = account.Span.ToArray();
        scopes.Add(new BillingScope(
            provider.IsNull ? null : Encoding.UTF8.GetString(provider.Span),
            account.IsNull ? null : Encoding.UTF8.GetString(account.Span),
            period));
    }
}
