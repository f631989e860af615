using FinOps.Core.Ingestion.Loading;
using FinOps.Core.Ingestion.Parsing;
using FinOps.Core.Ingestion.Reading;

namespace FinOps.Core.Ingestion.Formats;

/// <summary>
/// Oracle Cloud cost reports (<c>lineItem/intervalUsageStart</c>, <c>cost/myCost</c>). Billed and effective
/// cost are <c>cost/myCost</c> (the converters' <c>cost/myCostOverage</c> is only the overage part and is
/// empty in ordinary reports). Sub-accounts are compartments; <c>tags/Namespace.Key</c> columns become tags;
/// corrections (<c>lineItem/isCorrection</c>) get ChargeClass Correction.
/// </summary>
internal sealed class OciMapper : BillingMapper
{
    public static readonly string[] Required = ["lineItem/intervalUsageStart", "cost/myCost", "cost/currencyCode"];

    private static readonly byte[] Oracle = "Oracle"u8.ToArray();

    private readonly int tenant, start, end, service, compartmentId, compartmentName, region, domain, resourceId, quantity;
    private readonly int subscription, sku, description, unitPrice, myCost, currency, unitDescription, billingUnit, isCorrection;
    private readonly (int Index, string Key)[] tagColumns;
    private readonly Utf8Cache<byte[]> serviceCategories = new(s => U8.Of(ChargeMapping.OciServiceCategory(s)));

    public OciMapper(HeaderIndex h) : base(h)
    {
        tenant = h.Find("lineItem/tenantId");
        start = h.Find("lineItem/intervalUsageStart");
        end = h.Find("lineItem/intervalUsageEnd");
        service = h.Find("product/service");
        compartmentId = h.Find("product/compartmentId");
        compartmentName = h.Find("product/compartmentName");
        region = h.Find("product/region");
        domain = h.Find("product/availabilityDomain");
        resourceId = h.Find("product/resourceId");
        quantity = h.Find("usage/billedQuantity");
        subscription = h.Find("cost/subscriptionId");
        sku = h.Find("cost/productSku");
        description = h.Find("product/Description");
        unitPrice = h.Find("cost/unitPrice");
        myCost = h.Find("cost/myCost");
        currency = h.Find("cost/currencyCode");
        unitDescription = h.Find("cost/skuUnitDescription");
        billingUnit = h.Find("cost/billingUnitReadable");
        isCorrection = h.Find("lineItem/isCorrection");
        tagColumns = h.WithPrefix("tags/").Select(t => (t.Index, t.Suffix)).ToArray();
    }

    public override string Format => IngestionFormats.Oci;

    protected internal override ScopeColumns Scope => new(Oracle, -1, subscription, tenant, -1, start);

    public override bool TryReadChargeStart(IRowSource row, out long pgMicros) => TryTime(row, start, out pgMicros);

    public override void Map(IRowSource src, LineItemRow row, RowErrors errors, ILineItemSink sink)
    {
        row.Clear();
        row.Set(TextCol.ProviderName, Oracle);
        row.Set(TextCol.PublisherName, Oracle);
        row.Set(TextCol.InvoiceIssuerName, Oracle);
        row.SetField(TextCol.BillingAccountId, src, subscription);
        if (row[TextCol.BillingAccountId].IsNull)
        {
            row.SetField(TextCol.BillingAccountId, src, tenant);
        }
        row.SetField(TextCol.SubAccountId, src, compartmentId);
        row.SetField(TextCol.SubAccountName, src, compartmentName);
        RequiredText(src, currency, errors, row, TextCol.BillingCurrency);

        var correction = Value(src, isCorrection).SequenceEqual("true"u8);
        row.Set(TextCol.ChargeCategory, ChargeMapping.UsageU8);
        row.SetString(TextCol.ChargeClass, correction ? ChargeMapping.Correction : null);
        row.SetString(TextCol.ChargeFrequency, "Usage-Based");

        if (RequiredDecimal(src, myCost, errors, out var amount))
        {
            row.SetNum(NumCol.BilledCost, amount);
            row.SetNum(NumCol.EffectiveCost, amount);
        }
        if (OptionalDecimal(src, quantity, errors, out var qty))
        {
            row.SetNum(NumCol.ConsumedQuantity, qty);
            row.SetNum(NumCol.PricingQuantity, qty);
        }
        OptionalDecimal(src, unitPrice, errors, row, NumCol.ContractedUnitPrice);
        row.SetField(TextCol.ConsumedUnit, src, unitDescription);
        row.SetField(TextCol.PricingUnit, src, unitDescription);

        if (RequiredTime(src, start, errors, out var startTime))
        {
            row.Time[(int)TimeCol.ChargePeriodStart] = startTime;
            row.Time[(int)TimeCol.ChargePeriodEnd] = OptionalTime(src, end, errors, out var endTime) ? endTime : startTime;
            DefaultBillingPeriod(row);
        }

        row.SetField(TextCol.ServiceName, src, service);
        row.Set(TextCol.ServiceCategory, IsNull(src, service) ? U8.Of("Other") : serviceCategories.Get(src.Field(service)));
        row.SetField(TextCol.RegionId, src, region);
        row.SetField(TextCol.AvailabilityZone, src, domain);
        row.SetField(TextCol.ResourceId, src, resourceId);
        row.SetField(TextCol.SkuId, src, sku);
        row.SetField(TextCol.ChargeDescription, src, description);
        row.SetField(TextCol.XUsageType, src, billingUnit);

        if (tagColumns.Length > 0)
        {
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
            EndTags(row, any);
        }

        if (!errors.CurrentRowFailed)
        {
            sink.Emit(row);
        }
    }
}
