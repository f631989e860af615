using FinOps.Core.Ingestion.Loading;
using FinOps.Core.Ingestion.Parsing;
using FinOps.Core.Ingestion.Reading;

namespace FinOps.Core.Ingestion.Formats;

/// <summary>
/// Azure cost details exports, EA (<c>Cost</c>, <c>BillingCurrency</c>, PascalCase) and MCA
/// (<c>costInBillingCurrency</c>, camelCase), actual or amortized. Actual files bill what they show.
/// In an amortized file a commitment's purchase is spread over the usage it covers: covered and unused
/// commitment rows carry effective cost but bill nothing, and the purchase row bills but has no
/// effective cost. The variant is taken from the file name ("amortized") or, failing that, from rows
/// only an amortized file has (non-zero commitment usage, unused reservation or savings plan).
/// </summary>
internal sealed class AzureMapper : BillingMapper
{
    public static readonly string[] Required = ["Date", "CostInBillingCurrency|Cost|PreTaxCost", "SubscriptionId"];

    private static readonly byte[] Microsoft = "Microsoft"u8.ToArray();

    private readonly int cost, currency, date, subscriptionId, subscriptionName, billingAccount, billingAccountName;
    private readonly int periodStart, periodEnd, chargeType, frequency, pricingModel, benefitId, benefitName, reservationId, reservationName;
    private readonly int location, zone, meterCategory, meterSubCategory, meterName, meterId, serviceFamily, consumedService, productName;
    private readonly int resourceId, resourceName, quantity, unit, unitPrice, paygPrice, paygCost, publisher, tags, additionalInfo;
    private bool amortized;

    private readonly Utf8Cache<byte[]?> regions = new(r => r.Length == 0 ? null : U8.Of(r.Replace(" ", "").ToLowerInvariant()));

    public AzureMapper(HeaderIndex h, string fileName) : base(h)
    {
        cost = h.Find("CostInBillingCurrency", "Cost", "PreTaxCost");
        currency = h.Find("BillingCurrencyCode", "BillingCurrency", "Currency");
        date = h.Find("Date", "UsageDateTime", "UsageDate");
        subscriptionId = h.Find("SubscriptionId", "SubscriptionGuid");
        subscriptionName = h.Find("SubscriptionName");
        billingAccount = h.Find("BillingAccountId");
        billingAccountName = h.Find("BillingAccountName");
        periodStart = h.Find("BillingPeriodStartDate");
        periodEnd = h.Find("BillingPeriodEndDate");
        chargeType = h.Find("ChargeType");
        frequency = h.Find("Frequency");
        pricingModel = h.Find("PricingModel");
        benefitId = h.Find("benefitId");
        benefitName = h.Find("benefitName");
        reservationId = h.Find("ReservationId");
        reservationName = h.Find("ReservationName");
        location = h.Find("ResourceLocation", "ResourceLocationNormalized", "Location");
        zone = h.Find("AvailabilityZone");
        meterCategory = h.Find("MeterCategory");
        meterSubCategory = h.Find("MeterSubCategory", "MeterSubcategory");
        meterName = h.Find("MeterName");
        meterId = h.Find("MeterId");
        serviceFamily = h.Find("ServiceFamily");
        consumedService = h.Find("ConsumedService");
        productName = h.Find("ProductName", "Product");
        resourceId = h.Find("ResourceId", "InstanceName");
        resourceName = h.Find("ResourceName");
        quantity = h.Find("Quantity", "UsageQuantity");
        unit = h.Find("UnitOfMeasure");
        unitPrice = h.Find("UnitPrice", "EffectivePrice");
        paygPrice = h.Find("PayGPrice");
        paygCost = h.Find("PaygCostInBillingCurrency");
        publisher = h.Find("PublisherName");
        tags = h.Find("Tags");
        additionalInfo = h.Find("AdditionalInfo");
        amortized = fileName.Contains("amortiz", StringComparison.OrdinalIgnoreCase);
    }

    public override string Format => IngestionFormats.Azure;

    public override string? FormatVersion => amortized ? "amortized" : "actual";

    protected internal override ScopeColumns Scope => new(Microsoft, -1, billingAccount, -1, periodStart, date);

    public override bool TryReadChargeStart(IRowSource row, out long pgMicros) => TryTime(row, date, out pgMicros);

    public override void Observe(IRowSource row)
    {
        if (amortized)
        {
            return;
        }
        var type = Value(row, chargeType);
        if (type.SequenceEqual("UnusedReservation"u8) || type.SequenceEqual("UnusedSavingsPlan"u8))
        {
            amortized = true;
        }
        else if (IsCommitmentModel(Value(row, pricingModel)) && (type.IsEmpty || type.SequenceEqual("Usage"u8))
                 && ValueParsers.TryParseDecimal(Value(row, cost), out var c) && c != 0)
        {
            amortized = true;
        }
    }

    public override void ApplyVariant(string? formatVersion) => amortized |= formatVersion == "amortized";

    private static bool IsCommitmentModel(ReadOnlySpan<byte> model) =>
        model.SequenceEqual("Reservation"u8) || model.SequenceEqual("SavingsPlan"u8) || model.SequenceEqual("Savings Plan"u8);

    public override void Map(IRowSource src, LineItemRow row, RowErrors errors, ILineItemSink sink)
    {
        row.Clear();
        row.Set(TextCol.ProviderName, Microsoft);
        row.SetField(TextCol.PublisherName, src, publisher);
        if (row[TextCol.PublisherName].IsNull)
        {
            row.Set(TextCol.PublisherName, Microsoft);
        }
        row.Set(TextCol.InvoiceIssuerName, Microsoft);
        row.SetField(TextCol.BillingAccountId, src, billingAccount);
        row.SetField(TextCol.BillingAccountName, src, billingAccountName);
        RequiredText(src, subscriptionId, errors, row, TextCol.SubAccountId);
        row.SetField(TextCol.SubAccountName, src, subscriptionName);
        RequiredText(src, currency, errors, row, TextCol.BillingCurrency);

        var type = Text(src, chargeType);
        var kind = ChargeMapping.AzureChargeType(type, Text(src, frequency));
        row.Set(TextCol.ChargeCategory, U8.Of(kind.Category));
        row[TextCol.ChargeClass] = kind.Class is null ? Utf8Ref.Null : Utf8Ref.Of(U8.Of(kind.Class));
        row[TextCol.ChargeFrequency] = kind.Frequency is null ? Utf8Ref.Null : Utf8Ref.Of(U8.Of(kind.Frequency));
        var model = Text(src, pricingModel);
        var pricing = ChargeMapping.AzurePricingCategory(model);
        row.SetString(TextCol.PricingCategory, pricing);

        if (RequiredDecimal(src, cost, errors, out var amount))
        {
            var commitment = IsCommitmentModel(Value(src, pricingModel));
            var covered = commitment && kind.Category == ChargeMapping.Usage;
            var purchase = commitment && kind.Category == ChargeMapping.Purchase;
            row.SetNum(NumCol.BilledCost, covered ? 0m : amount);
            row.SetNum(NumCol.EffectiveCost, purchase && amortized ? 0m : amount);
        }
        if (OptionalDecimal(src, quantity, errors, out var qty))
        {
            row.SetNum(NumCol.PricingQuantity, qty);
            row.SetNum(NumCol.ConsumedQuantity, qty);
            if (OptionalDecimal(src, paygCost, errors, out var payg))
            {
                row.SetNum(NumCol.ListCost, payg);
            }
            else if (OptionalDecimal(src, paygPrice, errors, out var listPrice) && listPrice != 0)
            {
                row.SetNum(NumCol.ListCost, listPrice * qty);
                row.SetNum(NumCol.ListUnitPrice, listPrice);
            }
        }
        OptionalDecimal(src, unitPrice, errors, row, NumCol.ContractedUnitPrice);
        row.SetField(TextCol.PricingUnit, src, unit);
        row.SetField(TextCol.ConsumedUnit, src, unit);

        // Azure dates are days; its billing period end is the last day, inclusive.
        if (RequiredTime(src, date, errors, out var day))
        {
            row.Time[(int)TimeCol.ChargePeriodStart] = day;
            row.Time[(int)TimeCol.ChargePeriodEnd] = day + 86_400_000_000L;
            if (OptionalTime(src, periodStart, errors, out var pStart))
            {
                row.Time[(int)TimeCol.BillingPeriodStart] = pStart;
                row.Time[(int)TimeCol.BillingPeriodEnd] = OptionalTime(src, periodEnd, errors, out var pEnd)
                    ? pEnd + 86_400_000_000L
                    : ValueParsers.FromDate(ValueParsers.MonthOf(pStart).AddMonths(1));
            }
            else
            {
                DefaultBillingPeriod(row);
            }
        }

        var category = Text(src, meterCategory);
        row.SetField(TextCol.ServiceName, src, meterCategory);
        if (row[TextCol.ServiceName].IsNull)
        {
            row.SetField(TextCol.ServiceName, src, consumedService);
        }
        row.SetString(TextCol.ServiceCategory, ChargeMapping.AzureServiceCategory(Text(src, serviceFamily), category));
        var loc = Value(src, location);
        if (!ValueParsers.IsNull(loc))
        {
            var normalized = regions.Get(loc);
            if (normalized is not null)
            {
                row.Set(TextCol.RegionId, normalized);
            }
            row.SetField(TextCol.RegionName, src, location);
        }
        row.SetField(TextCol.AvailabilityZone, src, zone);
        row.SetField(TextCol.ResourceId, src, resourceId);
        row.SetField(TextCol.ResourceName, src, resourceName);
        var rid = Text(src, resourceId);
        if (rid is not null)
        {
            row.SetString(TextCol.ResourceType, ResourceType(rid));
            if (row[TextCol.ResourceName].IsNull)
            {
                row.SetString(TextCol.ResourceName, rid.TrimEnd('/').Split('/')[^1]);
            }
        }
        row.SetField(TextCol.SkuId, src, meterId);
        row.SetField(TextCol.ChargeDescription, src, productName);
        if (row[TextCol.ChargeDescription].IsNull)
        {
            row.SetField(TextCol.ChargeDescription, src, meterName);
        }

        // Commitment discounts: benefitId (newer) or ReservationId.
        var benefit = Text(src, benefitId) ?? Text(src, reservationId);
        if (benefit is not null && (pricing == "Committed" || kind.CommitmentStatus is not null || kind.Category == ChargeMapping.Purchase))
        {
            row.SetString(TextCol.CommitmentDiscountId, benefit);
            row.SetString(TextCol.CommitmentDiscountName, Text(src, benefitName) ?? Text(src, reservationName));
            var savingsPlan = benefit.Contains("/microsoft.billingbenefits/", StringComparison.OrdinalIgnoreCase) || model is "SavingsPlan" or "Savings Plan";
            row.SetString(TextCol.CommitmentDiscountCategory, savingsPlan ? "Spend" : "Usage");
            row.SetString(TextCol.CommitmentDiscountType, savingsPlan ? "Savings Plan" : "Reservation");
            if (kind.Category == ChargeMapping.Usage)
            {
                row.SetString(TextCol.CommitmentDiscountStatus, kind.CommitmentStatus ?? "Used");
            }
        }

        SetTagsJson(src, tags, errors, row);
        var info = Value(src, additionalInfo);
        var size = JsonProperty(info, "ServiceType"u8) ?? JsonProperty(info, "VMSize"u8);
        if (size is not null && (size.StartsWith("Standard_", StringComparison.OrdinalIgnoreCase) || size.StartsWith("Basic_", StringComparison.OrdinalIgnoreCase)
                                 || category == "Virtual Machines"))
        {
            row.SetString(TextCol.XInstanceType, size);
        }
        row.SetField(TextCol.XUsageType, src, meterName);
        row.SetField(TextCol.XOperation, src, meterSubCategory);

        if (!errors.CurrentRowFailed)
        {
            sink.Emit(row);
        }
    }

    private static string? Text(IRowSource src, int index)
    {
        if (index < 0)
        {
            return null;
        }
        var raw = ValueParsers.TrimSpaces(src.Field(index));
        return ValueParsers.IsNull(raw) ? null : System.Text.Encoding.UTF8.GetString(raw);
    }

    /// <summary><c>/subscriptions/…/providers/Microsoft.Compute/virtualMachines/vm1</c> → <c>microsoft.compute/virtualmachines</c>.</summary>
    internal static string? ResourceType(string resourceId)
    {
        var parts = resourceId.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var p = Array.FindLastIndex(parts, s => s.Equals("providers", StringComparison.OrdinalIgnoreCase));
        if (p < 0 || p + 2 >= parts.Length)
        {
            return null;
        }
        return $"{parts[p + 1]}/{parts[p + 2]}".ToLowerInvariant();
    }
}
