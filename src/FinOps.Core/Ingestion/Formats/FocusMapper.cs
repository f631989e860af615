using FinOps.Core.Ingestion.Loading;
using FinOps.Core.Ingestion.Parsing;
using FinOps.Core.Ingestion.Reading;

namespace FinOps.Core.Ingestion.Formats;

/// <summary>
/// FOCUS 1.0, 1.1 and 1.2 (and the 0.5 names where they differ): columns map one to one, so this is the
/// fast path — text is passed through by reference, only numbers, timestamps, the charge category and
/// the tags JSON are checked.
/// </summary>
internal sealed class FocusMapper : BillingMapper
{
    public static readonly string[] Required = ["BilledCost", "BillingCurrency", "ChargeCategory", "ChargePeriodStart"];

    private readonly (TextCol Col, int Index)[] passThrough;
    private readonly int billed, effective, list, contracted, currency, category, chargeStart, chargeEnd, billingStart, billingEnd;
    private readonly int pricingQty, listUnit, contractedUnit, consumedQty, tags, provider, account;

    public FocusMapper(HeaderIndex header) : base(header)
    {
        (TextCol, string[])[] text =
        [
            (TextCol.ProviderName, ["ProviderName", "Provider"]),
            (TextCol.PublisherName, ["PublisherName", "Publisher"]),
            (TextCol.InvoiceIssuerName, ["InvoiceIssuerName", "InvoiceIssuer"]),
            (TextCol.BillingAccountId, ["BillingAccountId"]),
            (TextCol.BillingAccountName, ["BillingAccountName"]),
            (TextCol.SubAccountId, ["SubAccountId"]),
            (TextCol.SubAccountName, ["SubAccountName"]),
            (TextCol.ChargeClass, ["ChargeClass"]),
            (TextCol.ChargeFrequency, ["ChargeFrequency"]),
            (TextCol.ChargeDescription, ["ChargeDescription"]),
            (TextCol.ServiceCategory, ["ServiceCategory"]),
            (TextCol.ServiceName, ["ServiceName"]),
            (TextCol.RegionId, ["RegionId", "Region"]),
            (TextCol.RegionName, ["RegionName"]),
            (TextCol.AvailabilityZone, ["AvailabilityZone"]),
            (TextCol.ResourceId, ["ResourceId"]),
            (TextCol.ResourceName, ["ResourceName"]),
            (TextCol.ResourceType, ["ResourceType"]),
            (TextCol.SkuId, ["SkuId"]),
            (TextCol.SkuPriceId, ["SkuPriceId"]),
            (TextCol.PricingCategory, ["PricingCategory"]),
            (TextCol.PricingUnit, ["PricingUnit"]),
            (TextCol.ConsumedUnit, ["ConsumedUnit", "UsageUnit"]),
            (TextCol.CommitmentDiscountId, ["CommitmentDiscountId"]),
            (TextCol.CommitmentDiscountName, ["CommitmentDiscountName"]),
            (TextCol.CommitmentDiscountCategory, ["CommitmentDiscountCategory"]),
            (TextCol.CommitmentDiscountType, ["CommitmentDiscountType"]),
            (TextCol.CommitmentDiscountStatus, ["CommitmentDiscountStatus"]),
            (TextCol.XInstanceType, ["x_InstanceType", "x_instance_type", "x_SkuInstanceType", "x_ResourceInstanceType"]),
            (TextCol.XUsageType, ["x_UsageType", "x_usage_type", "x_SkuMeterName"]),
            (TextCol.XOperation, ["x_Operation", "x_operation"]),
        ];
        passThrough = text.Select(t => (t.Item1, header.Find(t.Item2))).Where(t => t.Item2 >= 0).ToArray();
        billed = header.Find("BilledCost");
        effective = header.Find("EffectiveCost", "AmortizedCost");
        list = header.Find("ListCost");
        contracted = header.Find("ContractedCost");
        currency = header.Find("BillingCurrency");
        category = header.Find("ChargeCategory", "ChargeType");
        chargeStart = header.Find("ChargePeriodStart");
        chargeEnd = header.Find("ChargePeriodEnd");
        billingStart = header.Find("BillingPeriodStart");
        billingEnd = header.Find("BillingPeriodEnd");
        pricingQty = header.Find("PricingQuantity");
        listUnit = header.Find("ListUnitPrice");
        contractedUnit = header.Find("ContractedUnitPrice");
        consumedQty = header.Find("ConsumedQuantity", "UsageQuantity");
        tags = header.Find("Tags");
        provider = header.Find("ProviderName", "Provider");
        account = header.Find("BillingAccountId");
        FormatVersion =
            header.Has("InvoiceId", "PricingCurrency", "BillingAccountType", "SubAccountType", "PricingCurrencyEffectiveCost") ? "1.2" :
            header.Has("ServiceSubcategory", "SkuMeter", "SkuPriceDetails", "CapacityReservationId", "CommitmentDiscountQuantity") ? "1.1" :
            header.Has("ChargeCategory", "ProviderName") ? "1.0" : "0.5";
    }

    public override string Format => IngestionFormats.Focus;

    public override string? FormatVersion { get; }

    protected internal override ScopeColumns Scope => new(null, provider, account, -1, billingStart, chargeStart);

    public override bool TryReadChargeStart(IRowSource row, out long pgMicros) => TryTime(row, chargeStart, out pgMicros);

    public override void Map(IRowSource src, LineItemRow row, RowErrors errors, ILineItemSink sink)
    {
        row.Clear();
        foreach (var (col, index) in passThrough)
        {
            row.SetField(col, src, index);
        }

        if (RequiredDecimal(src, billed, errors, out var billedCost))
        {
            row.SetNum(NumCol.BilledCost, billedCost);
        }
        row.SetNum(NumCol.EffectiveCost, OptionalDecimal(src, effective, errors, out var effectiveCost) ? effectiveCost : billedCost);
        OptionalDecimal(src, list, errors, row, NumCol.ListCost);
        OptionalDecimal(src, contracted, errors, row, NumCol.ContractedCost);
        OptionalDecimal(src, pricingQty, errors, row, NumCol.PricingQuantity);
        OptionalDecimal(src, listUnit, errors, row, NumCol.ListUnitPrice);
        OptionalDecimal(src, contractedUnit, errors, row, NumCol.ContractedUnitPrice);
        OptionalDecimal(src, consumedQty, errors, row, NumCol.ConsumedQuantity);

        RequiredText(src, currency, errors, row, TextCol.BillingCurrency);

        var categoryValue = Value(src, category);
        var canonical = ChargeMapping.FocusCategory(categoryValue);
        if (canonical is null)
        {
            errors.Add(Col(category), ValueParsers.IsNull(categoryValue)
                ? "A value is required here."
                : $"{RowErrors.Show(categoryValue)} is not a FOCUS charge category (Usage, Purchase, Tax, Credit, Adjustment).");
        }
        else
        {
            row.Set(TextCol.ChargeCategory, canonical);
        }

        if (RequiredTime(src, chargeStart, errors, out var start))
        {
            row.Time[(int)TimeCol.ChargePeriodStart] = start;
            row.Time[(int)TimeCol.ChargePeriodEnd] = OptionalTime(src, chargeEnd, errors, out var end) ? end : start;
            if (OptionalTime(src, billingStart, errors, out var bStart))
            {
                row.Time[(int)TimeCol.BillingPeriodStart] = bStart;
                row.Time[(int)TimeCol.BillingPeriodEnd] = OptionalTime(src, billingEnd, errors, out var bEnd)
                    ? bEnd
                    : ValueParsers.FromDate(ValueParsers.MonthOf(bStart).AddMonths(1));
            }
            else
            {
                DefaultBillingPeriod(row);
            }
        }

        SetTagsJson(src, tags, errors, row);

        if (!errors.CurrentRowFailed)
        {
            sink.Emit(row);
        }
    }
}
