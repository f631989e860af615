using System.Globalization;
using System.Text;
using Npgsql;

namespace FinOps.Core.Ingestion;

/// <summary>
/// Exports the loaded costs of a period as a FOCUS 1.2 CSV (what users of other FinOps tools ask for),
/// streamed row by row from <c>billing_line_items</c>: any size, bounded memory. Columns the platform
/// does not store are left empty; <c>x_InstanceType</c>, <c>x_UsageType</c> and <c>x_Operation</c> are
/// appended as FOCUS extension columns.
/// </summary>
public sealed class FocusExporter(NpgsqlDataSource dataSource)
{
    private static readonly (string Focus, string? Column)[] Columns =
    [
        ("AvailabilityZone", "availability_zone"), ("BilledCost", "billed_cost"), ("BillingAccountId", "billing_account_id"),
        ("BillingAccountName", "billing_account_name"), ("BillingAccountType", null), ("BillingCurrency", "billing_currency"),
        ("BillingPeriodEnd", "billing_period_end"), ("BillingPeriodStart", "billing_period_start"), ("CapacityReservationId", null),
        ("CapacityReservationStatus", null), ("ChargeCategory", "charge_category"), ("ChargeClass", "charge_class"),
        ("ChargeDescription", "charge_description"), ("ChargeFrequency", "charge_frequency"), ("ChargePeriodEnd", "charge_period_end"),
        ("ChargePeriodStart", "charge_period_start"), ("CommitmentDiscountCategory", "commitment_discount_category"),
        ("CommitmentDiscountId", "commitment_discount_id"), ("CommitmentDiscountName", "commitment_discount_name"),
        ("CommitmentDiscountQuantity", null), ("CommitmentDiscountStatus", "commitment_discount_status"),
        ("CommitmentDiscountType", "commitment_discount_type"), ("CommitmentDiscountUnit", null), ("ConsumedQuantity", "consumed_quantity"),
        ("ConsumedUnit", "consumed_unit"), ("ContractedCost", "contracted_cost"), ("ContractedUnitPrice", "contracted_unit_price"),
        ("EffectiveCost", "effective_cost"), ("InvoiceId", null), ("InvoiceIssuerName", "invoice_issuer_name"), ("ListCost", "list_cost"),
        ("ListUnitPrice", "list_unit_price"), ("PricingCategory", "pricing_category"), ("PricingCurrency", null),
        ("PricingCurrencyContractedUnitPrice", null), ("PricingCurrencyEffectiveCost", null), ("PricingCurrencyListUnitPrice", null),
        ("PricingQuantity", "pricing_quantity"), ("PricingUnit", "pricing_unit"), ("ProviderName", "provider_name"),
        ("PublisherName", "publisher_name"), ("RegionId", "region_id"), ("RegionName", "region_name"), ("ResourceId", "resource_id"),
        ("ResourceName", "resource_name"), ("ResourceType", "resource_type"), ("ServiceCategory", "service_category"),
        ("ServiceName", "service_name"), ("ServiceSubcategory", null), ("SkuId", "sku_id"), ("SkuMeter", null), ("SkuPriceDetails", null),
        ("SkuPriceId", "sku_price_id"), ("SubAccountId", "sub_account_id"), ("SubAccountName", "sub_account_name"), ("SubAccountType", null),
        ("Tags", "tags"), ("x_InstanceType", "x_instance_type"), ("x_UsageType", "x_usage_type"), ("x_Operation", "x_operation"),
    ];

    /// <summary>Writes the charges whose charge period starts in [<paramref name="from"/>, <paramref name="to"/>] (days, UTC); returns the rows written.</summary>
    public async Task<long> WriteCsvAsync(Stream output, DateOnly from, DateOnly to, string? provider, CancellationToken ct)
    {
        var select = string.Join(", ", Columns.Select(c => c.Column switch
        {
            null => "null::text",
            "tags" => "tags::text",
            var col when col.EndsWith("_start", StringComparison.Ordinal) || col.EndsWith("_end", StringComparison.Ordinal)
                => $"to_char({col} at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')",
            var col => $"{col}::text",
        }));
        var sql = $"select {select} from finops.billing_line_items where charge_period_start >= $1 and charge_period_start < $2" +
                  (provider is null ? "" : " and provider_name = $3") + " order by charge_period_start, id";
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 0 };
        cmd.Parameters.AddWithValue(new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        cmd.Parameters.AddWithValue(new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        if (provider is not null)
        {
            cmd.Parameters.AddWithValue(provider);
        }
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        await writer.WriteLineAsync(string.Join(',', Columns.Select(c => c.Focus)));
        await using var reader = await cmd.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, ct);
        long rows = 0;
        var line = new StringBuilder(1024);
        while (await reader.ReadAsync(ct))
        {
            line.Clear();
            for (var i = 0; i < Columns.Length; i++)
            {
                if (i > 0)
                {
                    line.Append(',');
                }
                if (!await reader.IsDBNullAsync(i, ct))
                {
                    Append(line, reader.GetString(i));
                }
            }
            await writer.WriteLineAsync(line, ct);
            rows++;
        }
        return rows;
    }

    /// <summary>Quotes when needed; a leading formula character is defused so spreadsheets do not evaluate it.</summary>
    private static void Append(StringBuilder line, string value)
    {
        var formula = value.Length > 0 && value[0] is '=' or '+' or '@' && !decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
        if (formula || value.AsSpan().IndexOfAny([',', '"', '\n', '\r']) >= 0)
        {
            line.Append('"');
            if (formula)
            {
                line.Append('\'');
            }
            line.Append(value.Replace("\"", "\"\"")).Append('"');
        }
        else
        {
            line.Append(value);
        }
    }
}
