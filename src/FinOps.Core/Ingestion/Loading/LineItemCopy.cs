namespace FinOps.Core.Ingestion.Loading;

/// <summary>The COPY column list of <c>billing_line_items</c> and the encoding of one row in that order.</summary>
internal static class LineItemCopy
{
    private enum Kind : byte { Uuid, Text, Num, Time, Jsonb }

    private static readonly (string Column, Kind Kind, int Index)[] Columns =
    [
        ("ingestion_id", Kind.Uuid, 0),
        ("provider_name", Kind.Text, (int)TextCol.ProviderName),
        ("publisher_name", Kind.Text, (int)TextCol.PublisherName),
        ("invoice_issuer_name", Kind.Text, (int)TextCol.InvoiceIssuerName),
        ("billing_account_id", Kind.Text, (int)TextCol.BillingAccountId),
        ("billing_account_name", Kind.Text, (int)TextCol.BillingAccountName),
        ("sub_account_id", Kind.Text, (int)TextCol.SubAccountId),
        ("sub_account_name", Kind.Text, (int)TextCol.SubAccountName),
        ("billed_cost", Kind.Num, (int)NumCol.BilledCost),
        ("effective_cost", Kind.Num, (int)NumCol.EffectiveCost),
        ("list_cost", Kind.Num, (int)NumCol.ListCost),
        ("contracted_cost", Kind.Num, (int)NumCol.ContractedCost),
        ("billing_currency", Kind.Text, (int)TextCol.BillingCurrency),
        ("charge_period_start", Kind.Time, (int)TimeCol.ChargePeriodStart),
        ("charge_period_end", Kind.Time, (int)TimeCol.ChargePeriodEnd),
        ("billing_period_start", Kind.Time, (int)TimeCol.BillingPeriodStart),
        ("billing_period_end", Kind.Time, (int)TimeCol.BillingPeriodEnd),
        ("charge_category", Kind.Text, (int)TextCol.ChargeCategory),
        ("charge_class", Kind.Text, (int)TextCol.ChargeClass),
        ("charge_frequency", Kind.Text, (int)TextCol.ChargeFrequency),
        ("charge_description", Kind.Text, (int)TextCol.ChargeDescription),
        ("service_category", Kind.Text, (int)TextCol.ServiceCategory),
        ("service_name", Kind.Text, (int)TextCol.ServiceName),
        ("region_id", Kind.Text, (int)TextCol.RegionId),
        ("region_name", Kind.Text, (int)TextCol.RegionName),
        ("availability_zone", Kind.Text, (int)TextCol.AvailabilityZone),
        ("resource_id", Kind.Text, (int)TextCol.ResourceId),
        ("resource_name", Kind.Text, (int)TextCol.ResourceName),
        ("resource_type", Kind.Text, (int)TextCol.ResourceType),
        ("sku_id", Kind.Text, (int)TextCol.SkuId),
        ("sku_price_id", Kind.Text, (int)TextCol.SkuPriceId),
        ("pricing_category", Kind.Text, (int)TextCol.PricingCategory),
        ("pricing_unit", Kind.Text, (int)TextCol.PricingUnit),
        ("pricing_quantity", Kind.Num, (int)NumCol.PricingQuantity),
        ("list_unit_price", Kind.Num, (int)NumCol.ListUnitPrice),
        ("contracted_unit_price", Kind.Num, (int)NumCol.ContractedUnitPrice),
        ("consumed_unit", Kind.Text, (int)TextCol.ConsumedUnit),
        ("consumed_quantity", Kind.Num, (int)NumCol.ConsumedQuantity),
        ("commitment_discount_id", Kind.Text, (int)TextCol.CommitmentDiscountId),
        ("commitment_discount_name", Kind.Text, (int)TextCol.CommitmentDiscountName),
        ("commitment_discount_category", Kind.Text, (int)TextCol.CommitmentDiscountCategory),
        ("commitment_discount_type", Kind.Text, (int)TextCol.CommitmentDiscountType),
        ("commitment_discount_status", Kind.Text, (int)TextCol.CommitmentDiscountStatus),
        ("tags", Kind.Jsonb, (int)TextCol.Tags),
        ("x_instance_type", Kind.Text, (int)TextCol.XInstanceType),
        ("x_usage_type", Kind.Text, (int)TextCol.XUsageType),
        ("x_operation", Kind.Text, (int)TextCol.XOperation),
    ];

    public static readonly string ColumnList = string.Join(", ", Columns.Select(c => c.Column));

    /// <summary>The COPY statement; <paramref name="table"/> lets the benchmark or a partition be the target.</summary>
    public static string CopyCommand(string table = "finops.billing_line_items") =>
        $"COPY {table} ({ColumnList}) FROM STDIN (FORMAT BINARY)";

    public static void Encode(PgBinaryEncoder encoder, LineItemRow row, ReadOnlySpan<byte> ingestionId)
    {
        encoder.StartRow((short)Columns.Length);
        foreach (var (_, kind, index) in Columns)
        {
            switch (kind)
            {
                case Kind.Uuid:
                    encoder.WriteUuid(ingestionId);
                    break;
                case Kind.Text:
                    encoder.WriteText(row.Text[index]);
                    break;
                case Kind.Num:
                    if (row.HasNum[index])
                    {
                        encoder.WriteNumeric(row.Num[index]);
                    }
                    else
                    {
                        encoder.WriteNull();
                    }
                    break;
                case Kind.Time:
                    encoder.WriteTimestamp(row.Time[index]);
                    break;
                case Kind.Jsonb:
                    var tags = row.Text[index];
                    if (tags.IsNull)
                    {
                        encoder.WriteNull();
                    }
                    else
                    {
                        encoder.WriteJsonb(tags.Span);
                    }
                    break;
            }
        }
    }
}
