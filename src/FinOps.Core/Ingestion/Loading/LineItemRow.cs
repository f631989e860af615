using FinOps.Core.Ingestion.Parsing;
using FinOps.Core.Ingestion.Reading;

namespace FinOps.Core.Ingestion.Loading;

/// <summary>Text columns of <c>billing_line_items</c> (jsonb tags included, as text).</summary>
internal enum TextCol
{
    ProviderName, PublisherName, InvoiceIssuerName, BillingAccountId, BillingAccountName, SubAccountId, SubAccountName,
    BillingCurrency, ChargeCategory, ChargeClass, ChargeFrequency, ChargeDescription,
    ServiceCategory, ServiceName, RegionId, RegionName, AvailabilityZone, ResourceId, ResourceName, ResourceType,
    SkuId, SkuPriceId, PricingCategory, PricingUnit, ConsumedUnit,
    CommitmentDiscountId, CommitmentDiscountName, CommitmentDiscountCategory, CommitmentDiscountType, CommitmentDiscountStatus,
    Tags, XInstanceType, XUsageType, XOperation,
    Count,
}

/// <summary>Numeric columns of <c>billing_line_items</c>.</summary>
internal enum NumCol
{
    BilledCost, EffectiveCost, ListCost, ContractedCost, PricingQuantity, ListUnitPrice, ContractedUnitPrice, ConsumedQuantity,
    Count,
}

/// <summary>Timestamp columns of <c>billing_line_items</c>.</summary>
internal enum TimeCol
{
    ChargePeriodStart, ChargePeriodEnd, BillingPeriodStart, BillingPeriodEnd,
    Count,
}

/// <summary>A UTF-8 value held by reference: a slice of a reader's buffer, of the row's arena or of a literal.</summary>
internal readonly record struct Utf8Ref(byte[]? Array, int Offset, int Length)
{
    public bool IsNull => Array is null;
    public ReadOnlySpan<byte> Span => Array is null ? default : new ReadOnlySpan<byte>(Array, Offset, Length);
    public static readonly Utf8Ref Null = default;
    public static Utf8Ref Of(byte[] literal) => new(literal, 0, literal.Length);
}

/// <summary>
/// One normalized billing row being built by a mapper, reused for every row of a file: values are
/// referenced, not copied, and only text the mapper composes goes to the per-row arena.
/// </summary>
internal sealed class LineItemRow
{
    public readonly Utf8Ref[] Text = new Utf8Ref[(int)TextCol.Count];
    public readonly decimal[] Num = new decimal[(int)NumCol.Count];
    public readonly bool[] HasNum = new bool[(int)NumCol.Count];
    public readonly long[] Time = new long[(int)TimeCol.Count];

    private byte[] arena = new byte[4096];
    private int arenaUsed;

    public void Clear()
    {
        Array.Clear(Text);
        Array.Clear(HasNum);
        arenaUsed = 0;
    }

    public Utf8Ref this[TextCol col]
    {
        get => Text[(int)col];
        set => Text[(int)col] = value;
    }

    public void Set(TextCol col, byte[] literal) => Text[(int)col] = Utf8Ref.Of(literal);

    /// <summary>Sets a text column to a field of the source row (null when empty or <c>NULL</c>).</summary>
    public void SetField(TextCol col, IRowSource source, int index)
    {
        if (index < 0)
        {
            Text[(int)col] = Utf8Ref.Null;
            return;
        }
        var value = source.FieldRef(index);
        Text[(int)col] = ValueParsers.IsNull(value.Span) ? Utf8Ref.Null : value;
    }

    public void SetNum(NumCol col, decimal value)
    {
        Num[(int)col] = value;
        HasNum[(int)col] = true;
    }

    public void ClearNum(NumCol col) => HasNum[(int)col] = false;

    public decimal GetNum(NumCol col) => Num[(int)col];

    public bool Has(NumCol col) => HasNum[(int)col];

    /// <summary>Copies composed text into the row's arena and points the column at it.</summary>
    public void SetCopy(TextCol col, ReadOnlySpan<byte> value)
    {
        Text[(int)col] = Copy(value);
    }

    public Utf8Ref Copy(ReadOnlySpan<byte> value)
    {
        if (arenaUsed + value.Length > arena.Length)
        {
            // Earlier references keep the old array alive, so growing never invalidates them.
            arena = new byte[Math.Max(arena.Length * 2, value.Length + 1024)];
            arenaUsed = 0;
        }
        value.CopyTo(arena.AsSpan(arenaUsed));
        var r = new Utf8Ref(arena, arenaUsed, value.Length);
        arenaUsed += value.Length;
        return r;
    }

    public void SetString(TextCol col, string? value)
    {
        if (value is null)
        {
            Text[(int)col] = Utf8Ref.Null;
            return;
        }
        Span<byte> tmp = value.Length <= 256 ? stackalloc byte[value.Length * 3] : new byte[value.Length * 3];
        var n = System.Text.Encoding.UTF8.GetBytes(value, tmp);
        SetCopy(col, tmp[..n]);
    }
}
