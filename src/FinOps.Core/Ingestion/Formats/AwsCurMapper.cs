using FinOps.Core.Ingestion.Loading;
using FinOps.Core.Ingestion.Parsing;
using FinOps.Core.Ingestion.Reading;

namespace FinOps.Core.Ingestion.Formats;

/// <summary>
/// AWS Cost and Usage Report, legacy (<c>lineItem/UnblendedCost</c>) and CUR 2.0 / Data Exports
/// (<c>line_item_unblended_cost</c>): the header lookup ignores case and punctuation, so one mapping
/// serves both. Billed cost is the (net) unblended cost; effective cost follows the line item type
/// (reservation and Savings Plans amortization); tags come from <c>resourceTags/*</c> columns or the
/// CUR 2.0 <c>resource_tags</c> map.
/// </summary>
internal sealed class AwsCurMapper : BillingMapper
{
    public static readonly string[] RequiredLegacy = ["lineItem/UsageStartDate", "lineItem/UnblendedCost", "lineItem/LineItemType", "bill/PayerAccountId"];
    public static readonly string[] Required2 = ["line_item_usage_start_date", "line_item_unblended_cost", "line_item_line_item_type", "bill_payer_account_id"];

    private static readonly byte[] Aws = "AWS"u8.ToArray();
    private static readonly byte[] Usd = "USD"u8.ToArray();

    private readonly bool cur2;
    private readonly int payer, payerName, usageAccount, usageAccountName, legalEntity, invoicingEntity, currency;
    private readonly int usageStart, usageEnd, billingStart, billingEnd, lineItemType, description;
    private readonly int unblended, netUnblended, publicCost, publicRate, usageAmount, pricingUnit, term, rateCode, rateId;
    private readonly int productCode, productName, productMap, region, regionCode, location, zone, resourceId, sku;
    private readonly int riArn, riEffective, riUnusedUpfront, riUnusedRecurring, riTotalUnits;
    private readonly int spArn, spEffective, spTotalCommitment, spUsedCommitment;
    private readonly int instanceType, usageType, operation, resourceTagsMap;
    private readonly (int Index, string Key)[] tagColumns;

    private readonly Utf8Cache<ChargeKind?> lineTypes = new(ChargeMapping.AwsLineItemType);
    private readonly Utf8Cache<byte[]> serviceCategories = new(code => U8.Of(ChargeMapping.AwsServiceCategory(code)));
    private readonly Utf8Cache<byte[]?> pricingCategories = new(t => U8.OfNullable(t.ToLowerInvariant() switch
    {
        "ondemand" or "on-demand" => "Standard",
        "reserved" => "Committed",
        "spot" => "Dynamic",
        "" => null,
        _ => "Other",
    }));

    public AwsCurMapper(HeaderIndex h, bool cur2) : base(h)
    {
        this.cur2 = cur2;
        payer = h.Find("bill/PayerAccountId");
        payerName = h.Find("bill/PayerAccountName");
        usageAccount = h.Find("lineItem/UsageAccountId");
        usageAccountName = h.Find("lineItem/UsageAccountName");
        legalEntity = h.Find("lineItem/LegalEntity");
        invoicingEntity = h.Find("bill/InvoicingEntity");
        currency = h.Find("lineItem/CurrencyCode");
        usageStart = h.Find("lineItem/UsageStartDate");
        usageEnd = h.Find("lineItem/UsageEndDate");
        billingStart = h.Find("bill/BillingPeriodStartDate");
        billingEnd = h.Find("bill/BillingPeriodEndDate");
        lineItemType = h.Find("lineItem/LineItemType");
        description = h.Find("lineItem/LineItemDescription");
        unblended = h.Find("lineItem/UnblendedCost");
        netUnblended = h.Find("lineItem/NetUnblendedCost");
        publicCost = h.Find("pricing/publicOnDemandCost");
        publicRate = h.Find("pricing/publicOnDemandRate");
        usageAmount = h.Find("lineItem/UsageAmount");
        pricingUnit = h.Find("pricing/unit", "pricing/pricingUnit");
        term = h.Find("pricing/term");
        rateCode = h.Find("pricing/RateCode");
        rateId = h.Find("pricing/RateId");
        productCode = h.Find("lineItem/ProductCode");
        productName = h.Find("product/ProductName", "product/product_name");
        productMap = cur2 ? h.Find("product") : -1;
        region = h.Find("product/region");
        regionCode = h.Find("product/regionCode");
        location = h.Find("product/location");
        zone = h.Find("lineItem/AvailabilityZone");
        resourceId = h.Find("lineItem/ResourceId");
        sku = h.Find("product/sku");
        riArn = h.Find("reservation/ReservationARN");
        riEffective = h.Find("reservation/EffectiveCost");
        riUnusedUpfront = h.Find("reservation/UnusedAmortizedUpfrontFeeForBillingPeriod");
        riUnusedRecurring = h.Find("reservation/UnusedRecurringFee");
        riTotalUnits = h.Find("reservation/TotalReservedUnits");
        spArn = h.Find("savingsPlan/SavingsPlanARN");
        spEffective = h.Find("savingsPlan/SavingsPlanEffectiveCost");
        spTotalCommitment = h.Find("savingsPlan/TotalCommitmentToDate");
        spUsedCommitment = h.Find("savingsPlan/UsedCommitment");
        instanceType = h.Find("product/instanceType");
        usageType = h.Find("lineItem/UsageType");
        operation = h.Find("lineItem/Operation");
        resourceTagsMap = cur2 ? h.Find("resource_tags") : -1;
        // Legacy: resourceTags/user:env, resourceTags/aws:createdBy. Athena-style CUR 2.0: resource_tags_user_env.
        tagColumns = h.WithPrefix("resourceTags/").Select(t => (t.Index, TagKey(t.Suffix)))
            .Concat(h.WithPrefix("resource_tags_").Select(t => (t.Index, TagKey(t.Suffix))))
            .ToArray();
    }

    public override string Format => cur2 ? IngestionFormats.AwsCur2 : IngestionFormats.AwsCur;

    /// <summary>User tags lose their <c>user:</c> / <c>user_</c> prefix; AWS-generated tags keep theirs.</summary>
    internal static string TagKey(string key) =>
        key.StartsWith("user:", StringComparison.Ordinal) ? key[5..] :
        key.StartsWith("user_", StringComparison.Ordinal) ? key[5..] : key;

    protected internal override ScopeColumns Scope => new(Aws, -1, payer, -1, billingStart, usageStart);

    public override bool TryReadChargeStart(IRowSource row, out long pgMicros) => TryTime(row, usageStart, out pgMicros);

    public override void Map(IRowSource src, LineItemRow row, RowErrors errors, ILineItemSink sink)
    {
        row.Clear();
        row.Set(TextCol.ProviderName, Aws);
        row.SetField(TextCol.PublisherName, src, legalEntity);
        row.SetField(TextCol.InvoiceIssuerName, src, invoicingEntity);
        RequiredText(src, payer, errors, row, TextCol.BillingAccountId);
        row.SetField(TextCol.BillingAccountName, src, payerName);
        row.SetField(TextCol.SubAccountId, src, usageAccount);
        row.SetField(TextCol.SubAccountName, src, usageAccountName);
        row.SetField(TextCol.BillingCurrency, src, currency);
        if (row[TextCol.BillingCurrency].IsNull)
        {
            row.Set(TextCol.BillingCurrency, Usd);
        }
        row.SetField(TextCol.ChargeDescription, src, description);

        // Charge kind from the line item type.
        var typeRaw = Value(src, lineItemType);
        var kind = IsNull(src, lineItemType) ? null : lineTypes.Get(typeRaw);
        if (kind is null)
        {
            errors.Add(Col(lineItemType), IsNull(src, lineItemType)
                ? "A value is required here."
                : $"{RowErrors.Show(typeRaw)} is not a known CUR line item type.");
            return;
        }
        row.Set(TextCol.ChargeCategory, U8.Of(kind.Category));
        row[TextCol.ChargeClass] = kind.Class is null ? Utf8Ref.Null : Utf8Ref.Of(U8.Of(kind.Class));
        row[TextCol.ChargeFrequency] = kind.Frequency is null ? Utf8Ref.Null : Utf8Ref.Of(U8.Of(kind.Frequency));

        // Costs.
        if (!RequiredDecimal(src, unblended, errors, out var unblendedCost))
        {
            return;
        }
        var billed = OptionalDecimal(src, netUnblended, errors, out var net) ? net : unblendedCost;
        row.SetNum(NumCol.BilledCost, billed);
        row.SetNum(NumCol.EffectiveCost, EffectiveCost(src, errors, typeRaw, billed));
        if (OptionalDecimal(src, publicCost, errors, out var listCost))
        {
            row.SetNum(NumCol.ListCost, listCost);
        }
        else if (OptionalDecimal(src, publicRate, errors, out var rate) && OptionalDecimal(src, usageAmount, errors, out var amount))
        {
            row.SetNum(NumCol.ListCost, rate * amount);
        }
        OptionalDecimal(src, publicRate, errors, row, NumCol.ListUnitPrice);
        if (OptionalDecimal(src, usageAmount, errors, out var quantity))
        {
            row.SetNum(NumCol.PricingQuantity, OptionalDecimal(src, riTotalUnits, errors, out var units) && typeRaw.SequenceEqual("RIFee"u8) ? units : quantity);
            if (kind.Category == ChargeMapping.Usage)
            {
                row.SetNum(NumCol.ConsumedQuantity, quantity);
                row.SetField(TextCol.ConsumedUnit, src, pricingUnit);
            }
        }
        row.SetField(TextCol.PricingUnit, src, pricingUnit);

        // Periods.
        if (RequiredTime(src, usageStart, errors, out var start))
        {
            row.Time[(int)TimeCol.ChargePeriodStart] = start;
            row.Time[(int)TimeCol.ChargePeriodEnd] = OptionalTime(src, usageEnd, errors, out var end) ? end : start;
            if (RequiredTime(src, billingStart, errors, out var bStart))
            {
                row.Time[(int)TimeCol.BillingPeriodStart] = bStart;
                row.Time[(int)TimeCol.BillingPeriodEnd] = OptionalTime(src, billingEnd, errors, out var bEnd)
                    ? bEnd
                    : ValueParsers.FromDate(ValueParsers.MonthOf(bStart).AddMonths(1));
            }
        }

        // Service, location, resource, SKU.
        var code = Value(src, productCode);
        row.SetField(TextCol.ServiceName, src, productName);
        if (row[TextCol.ServiceName].IsNull && productMap >= 0)
        {
            row.SetString(TextCol.ServiceName, JsonProperty(src.Field(productMap), "product_name"u8));
        }
        if (row[TextCol.ServiceName].IsNull)
        {
            row.SetField(TextCol.ServiceName, src, productCode);
        }
        row.Set(TextCol.ServiceCategory, ValueParsers.IsNull(code) ? U8.Of("Other") : serviceCategories.Get(code));
        row.SetField(TextCol.RegionId, src, regionCode);
        if (row[TextCol.RegionId].IsNull)
        {
            row.SetField(TextCol.RegionId, src, region);
        }
        row.SetField(TextCol.RegionName, src, location);
        row.SetField(TextCol.AvailabilityZone, src, zone);
        row.SetField(TextCol.ResourceId, src, resourceId);
        row.SetField(TextCol.SkuId, src, sku);
        row.SetField(TextCol.SkuPriceId, src, rateCode);
        if (row[TextCol.SkuPriceId].IsNull)
        {
            row.SetField(TextCol.SkuPriceId, src, rateId);
        }

        // Commitments.
        if (!IsNull(src, spArn))
        {
            row.SetField(TextCol.CommitmentDiscountId, src, spArn);
            row.SetString(TextCol.CommitmentDiscountCategory, "Spend");
            row.SetString(TextCol.CommitmentDiscountType, "Savings Plan");
        }
        else if (!IsNull(src, riArn))
        {
            row.SetField(TextCol.CommitmentDiscountId, src, riArn);
            row.SetString(TextCol.CommitmentDiscountCategory, "Usage");
            row.SetString(TextCol.CommitmentDiscountType, "Reserved Instance");
        }
        if (kind.CommitmentStatus is not null && !row[TextCol.CommitmentDiscountId].IsNull)
        {
            row.Set(TextCol.CommitmentDiscountStatus, U8.Of(kind.CommitmentStatus));
        }
        var pricing = kind.CommitmentStatus == "Used" ? U8.Of("Committed") : IsNull(src, term) ? null : pricingCategories.Get(Value(src, term));
        if (pricing is not null)
        {
            row.Set(TextCol.PricingCategory, pricing);
        }

        row.SetField(TextCol.XInstanceType, src, instanceType);
        row.SetField(TextCol.XUsageType, src, usageType);
        row.SetField(TextCol.XOperation, src, operation);

        SetTags(src, row, errors);

        if (!errors.CurrentRowFailed)
        {
            sink.Emit(row);
        }
    }

    /// <summary>The amortized cost of the line, per the CUR rules for reservations and Savings Plans.</summary>
    private decimal EffectiveCost(IRowSource src, RowErrors errors, ReadOnlySpan<byte> type, decimal billed)
    {
        decimal Dec(int index) => OptionalDecimal(src, index, errors, out var v) ? v : 0m;

        if (type.SequenceEqual("SavingsPlanCoveredUsage"u8))
        {
            return Dec(spEffective);
        }
        if (type.SequenceEqual("SavingsPlanRecurringFee"u8))
        {
            return Dec(spTotalCommitment) - Dec(spUsedCommitment);
        }
        if (type.SequenceEqual("SavingsPlanNegation"u8) || type.SequenceEqual("SavingsPlanUpfrontFee"u8))
        {
            return 0m;
        }
        if (type.SequenceEqual("DiscountedUsage"u8))
        {
            return Dec(riEffective);
        }
        if (type.SequenceEqual("RIFee"u8))
        {
            return Dec(riUnusedUpfront) + Dec(riUnusedRecurring);
        }
        if (type.SequenceEqual("Fee"u8) && !IsNull(src, riArn))
        {
            return 0m; // the upfront payment of a reservation: amortized into the covered usage
        }
        return billed;
    }

    private void SetTags(IRowSource src, LineItemRow row, RowErrors errors)
    {
        var hasMap = resourceTagsMap >= 0 && !IsNull(src, resourceTagsMap);
        if (tagColumns.Length == 0 && !hasMap)
        {
            return;
        }
        var any = false;
        var w = BeginTags();
        foreach (var (index, key) in tagColumns)
        {
            var value = src.Field(index);
            if (!ValueParsers.IsNull(value))
            {
                w.WriteString(key, value);
                any = true;
            }
        }
        if (hasMap && !AddTagEntries(w, src.Field(resourceTagsMap), TagKey, ref any))
        {
            errors.Add(Col(resourceTagsMap), $"{RowErrors.Show(src.Field(resourceTagsMap))} is not a JSON map of tags.");
        }
        EndTags(row, any);
    }
}
