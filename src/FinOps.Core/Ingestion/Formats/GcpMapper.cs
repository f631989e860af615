using System.Text.Json;
using FinOps.Core.Ingestion.Loading;
using FinOps.Core.Ingestion.Parsing;
using FinOps.Core.Ingestion.Reading;

namespace FinOps.Core.Ingestion.Formats;

/// <summary>
/// Google Cloud billing export (BigQuery standard usage cost table) as CSV with flattened names
/// (<c>service.description</c> or <c>service_description</c>) or as JSON lines with nested objects.
/// <c>cost</c> is the gross cost; each entry of <c>credits[]</c> becomes its own FOCUS row with
/// ChargeCategory Credit (as Google's own FOCUS view does), so billed totals equal the invoice:
/// cost plus credits. Labels <c>[{key,value}]</c> become the tags object; the machine type comes from
/// the <c>compute.googleapis.com/machine_spec</c> system label.
/// </summary>
internal sealed class GcpMapper : BillingMapper
{
    public static readonly string[] Required = ["billing_account_id", "service.description", "usage_start_time", "cost", "currency"];

    private static readonly byte[] Google = "Google Cloud"u8.ToArray();

    private readonly int account, serviceDescription, serviceId, skuId, skuDescription, start, end, projectId, projectName;
    private readonly int labels, systemLabels, region, location, zone, cost, currency, costType, usageAmount, usageUnit;
    private readonly int pricingAmount, pricingUnit, credits, invoiceMonth, listCost, resourceName, resourceGlobalName, seller;

    private readonly Utf8Cache<byte[]> serviceCategories = new(s => U8.Of(ChargeMapping.GcpServiceCategory(s)));

    public GcpMapper(HeaderIndex h) : base(h)
    {
        account = h.Find("billing_account_id");
        serviceDescription = h.Find("service.description");
        serviceId = h.Find("service.id");
        skuId = h.Find("sku.id");
        skuDescription = h.Find("sku.description");
        start = h.Find("usage_start_time");
        end = h.Find("usage_end_time");
        projectId = h.Find("project.id");
        projectName = h.Find("project.name");
        labels = h.Find("labels");
        systemLabels = h.Find("system_labels");
        region = h.Find("location.region");
        location = h.Find("location.location");
        zone = h.Find("location.zone");
        cost = h.Find("cost");
        currency = h.Find("currency");
        costType = h.Find("cost_type");
        usageAmount = h.Find("usage.amount");
        usageUnit = h.Find("usage.unit");
        pricingAmount = h.Find("usage.amount_in_pricing_units");
        pricingUnit = h.Find("usage.pricing_unit");
        credits = h.Find("credits");
        invoiceMonth = h.Find("invoice.month");
        listCost = h.Find("cost_at_list");
        resourceName = h.Find("resource.name");
        resourceGlobalName = h.Find("resource.global_name");
        seller = h.Find("seller_name");
    }

    public override string Format => IngestionFormats.Gcp;

    protected internal override ScopeColumns Scope => new(Google, -1, account, -1, invoiceMonth, start);

    public override bool TryReadChargeStart(IRowSource row, out long pgMicros) => TryTime(row, start, out pgMicros);

    public override void Map(IRowSource src, LineItemRow row, RowErrors errors, ILineItemSink sink)
    {
        row.Clear();
        row.Set(TextCol.ProviderName, Google);
        row.SetField(TextCol.PublisherName, src, seller);
        if (row[TextCol.PublisherName].IsNull)
        {
            row.Set(TextCol.PublisherName, Google);
        }
        row.Set(TextCol.InvoiceIssuerName, Google);
        RequiredText(src, account, errors, row, TextCol.BillingAccountId);
        row.SetField(TextCol.SubAccountId, src, projectId);
        row.SetField(TextCol.SubAccountName, src, projectName);
        RequiredText(src, currency, errors, row, TextCol.BillingCurrency);

        var kind = ChargeMapping.GcpCostType(IsNull(src, costType) ? null : System.Text.Encoding.UTF8.GetString(src.Field(costType)));
        row.Set(TextCol.ChargeCategory, U8.Of(kind.Category));
        row[TextCol.ChargeClass] = kind.Class is null ? Utf8Ref.Null : Utf8Ref.Of(U8.Of(kind.Class));
        row[TextCol.ChargeFrequency] = kind.Frequency is null ? Utf8Ref.Null : Utf8Ref.Of(U8.Of(kind.Frequency));

        if (RequiredDecimal(src, cost, errors, out var amount))
        {
            row.SetNum(NumCol.BilledCost, amount);
            row.SetNum(NumCol.EffectiveCost, amount);
        }
        OptionalDecimal(src, listCost, errors, row, NumCol.ListCost);
        OptionalDecimal(src, usageAmount, errors, row, NumCol.ConsumedQuantity);
        OptionalDecimal(src, pricingAmount, errors, row, NumCol.PricingQuantity);
        row.SetField(TextCol.ConsumedUnit, src, usageUnit);
        row.SetField(TextCol.PricingUnit, src, pricingUnit);

        if (RequiredTime(src, start, errors, out var startTime))
        {
            row.Time[(int)TimeCol.ChargePeriodStart] = startTime;
            row.Time[(int)TimeCol.ChargePeriodEnd] = OptionalTime(src, end, errors, out var endTime) ? endTime : startTime;
            var month = Value(src, invoiceMonth);
            if (!ValueParsers.IsNull(month))
            {
                if (ValueParsers.TryParseTimestamp(month, out var monthStart))
                {
                    row.Time[(int)TimeCol.BillingPeriodStart] = monthStart;
                    row.Time[(int)TimeCol.BillingPeriodEnd] = ValueParsers.FromDate(ValueParsers.MonthOf(monthStart).AddMonths(1));
                }
                else
                {
                    errors.Add(Col(invoiceMonth), $"{RowErrors.Show(month)} is not an invoice month (YYYYMM).");
                }
            }
            else
            {
                DefaultBillingPeriod(row);
            }
        }

        row.SetField(TextCol.ServiceName, src, serviceDescription);
        if (RequiredText(src, serviceDescription, errors, row, TextCol.ServiceName))
        {
            row.Set(TextCol.ServiceCategory, serviceCategories.Get(src.Field(serviceDescription)));
        }
        row.SetField(TextCol.RegionId, src, region);
        if (row[TextCol.RegionId].IsNull)
        {
            row.SetField(TextCol.RegionId, src, location);
        }
        row.SetField(TextCol.AvailabilityZone, src, zone);
        row.SetField(TextCol.ResourceId, src, resourceGlobalName);
        row.SetField(TextCol.ResourceName, src, resourceName);
        if (row[TextCol.ResourceId].IsNull)
        {
            row.SetField(TextCol.ResourceId, src, resourceName);
        }
        row.SetField(TextCol.SkuId, src, skuId);
        row.SetField(TextCol.ChargeDescription, src, skuDescription);
        row.SetField(TextCol.XUsageType, src, skuDescription);
        row.SetField(TextCol.XOperation, src, serviceId);
        var machine = MachineType(Value(src, systemLabels));
        row.SetString(TextCol.XInstanceType, machine);

        if (!IsNull(src, labels))
        {
            var any = false;
            var w = BeginTags();
            if (!AddTagEntries(w, src.Field(labels), null, ref any))
            {
                errors.Add(Col(labels), $"{RowErrors.Show(src.Field(labels))} is not a list of labels.");
            }
            EndTags(row, any);
        }

        if (errors.CurrentRowFailed)
        {
            return;
        }
        sink.Emit(row);

        // Credits: one Credit row each, same dimensions, no quantities.
        if (!IsNull(src, credits))
        {
            EmitCredits(src, row, errors, sink);
        }
    }

    private void EmitCredits(IRowSource src, LineItemRow row, RowErrors errors, ILineItemSink sink)
    {
        var list = new List<(decimal Amount, string? Name, string? Type, string? Id)>();
        try
        {
            using var doc = JsonDocument.Parse(src.FieldRef(credits).Span.ToArray());
            if (doc.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new JsonException();
            }
            foreach (var credit in doc.RootElement.EnumerateArray())
            {
                var amount = credit.TryGetProperty("amount", out var a) ? a.ValueKind == JsonValueKind.String ? decimal.Parse(a.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : a.GetDecimal() : 0m;
                list.Add((amount,
                    credit.TryGetProperty("full_name", out var fn) && fn.ValueKind == JsonValueKind.String ? fn.GetString() : credit.TryGetProperty("name", out var n) ? n.GetString() : null,
                    credit.TryGetProperty("type", out var t) ? t.GetString() : null,
                    credit.TryGetProperty("id", out var id) ? id.GetString() : null));
            }
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            errors.Add(Col(credits), $"{RowErrors.Show(src.Field(credits))} is not a list of credits.");
            return;
        }
        foreach (var (amount, name, type, id) in list)
        {
            if (amount == 0)
            {
                continue;
            }
            row.SetNum(NumCol.BilledCost, amount);
            row.SetNum(NumCol.EffectiveCost, amount);
            row.ClearNum(NumCol.ListCost);
            row.ClearNum(NumCol.ConsumedQuantity);
            row.ClearNum(NumCol.PricingQuantity);
            row.Set(TextCol.ChargeCategory, ChargeMapping.CreditU8);
            row[TextCol.ChargeClass] = Utf8Ref.Null;
            row.SetString(TextCol.ChargeFrequency, "One-Time");
            row.SetString(TextCol.ChargeDescription, name);
            row.SetString(TextCol.XUsageType, type);
            if (type is "COMMITTED_USAGE_DISCOUNT" or "COMMITTED_USAGE_DISCOUNT_DOLLAR_BASE")
            {
                row.SetString(TextCol.CommitmentDiscountId, id);
                row.SetString(TextCol.CommitmentDiscountCategory, type == "COMMITTED_USAGE_DISCOUNT" ? "Usage" : "Spend");
                row.SetString(TextCol.CommitmentDiscountType, "Committed Use Discount");
            }
            sink.Emit(row);
        }
    }

    /// <summary>The <c>compute.googleapis.com/machine_spec</c> system label (e.g. <c>n2-standard-4</c>).</summary>
    private static string? MachineType(ReadOnlySpan<byte> systemLabels)
    {
        if (systemLabels.IsEmpty || systemLabels.IndexOf("machine_spec"u8) < 0)
        {
            return null;
        }
        try
        {
            using var doc = JsonDocument.Parse(systemLabels.ToArray());
            if (doc.RootElement.ValueKind == JsonValueKind.Array)
            {
                foreach (var label in doc.RootElement.EnumerateArray())
                {
                    if (label.TryGetProperty("key", out var k) && k.GetString() == "compute.googleapis.com/machine_spec" && label.TryGetProperty("value", out var v))
                    {
                        return v.GetString();
                    }
                }
            }
            else if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("compute.googleapis.com/machine_spec", out var spec))
            {
                return spec.GetString();
            }
        }
        catch (JsonException)
        {
        }
        return null;
    }
}
