using System.Text;
using FinOps.Core.Ingestion.Formats;
using FinOps.Core.Ingestion.Loading;
using FinOps.Core.Ingestion.Reading;

namespace FinOps.Tests.Unit.Ingestion;

/// <summary>Row mapping without a database: what a mapper emits for a small CSV.</summary>
public sealed class MapperTests
{
    private sealed class Capture : ILineItemSink
    {
        public List<Dictionary<string, string?>> Rows { get; } = [];

        public void Emit(LineItemRow row)
        {
            var values = new Dictionary<string, string?>();
            foreach (var col in Enum.GetValues<TextCol>().Where(c => c != TextCol.Count))
            {
                values[col.ToString()] = row[col].IsNull ? null : Encoding.UTF8.GetString(row[col].Span);
            }
            foreach (var col in Enum.GetValues<NumCol>().Where(c => c != NumCol.Count))
            {
                values[col.ToString()] = row.Has(col) ? row.GetNum(col).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
            }
            Rows.Add(values);
        }
    }

    private static (Capture Sink, RowErrors Errors) Map(string csv, string fileName = "file.csv")
    {
        using var reader = new CsvRecordReader(new MemoryStream(Encoding.UTF8.GetBytes(csv)), 1 << 20);
        reader.ReadHeader();
        var header = new HeaderIndex(reader.Header!);
        var mapper = FormatDetector.CreateMapper(FormatDetector.Detect(reader.Header!).Format!, header, fileName);
        var sink = new Capture();
        var errors = new RowErrors();
        var row = new LineItemRow();
        while (reader.Read())
        {
            errors.BeginRow(reader.RecordNumber, reader.LineNumber);
            mapper.Map(reader, row, errors, sink);
        }
        return (sink, errors);
    }

    private const string AzureHeader = "Date,SubscriptionId,MeterCategory,Cost,BillingCurrency,ChargeType,PricingModel,Tags,AdditionalInfo\n";

    [Theory]
    [InlineData("\"\"\"env\"\": \"\"prod\"\",\"\"team\"\": \"\"web\"\"\"")]
    [InlineData("\"{\"\"env\"\": \"\"prod\"\",\"\"team\"\": \"\"web\"\"}\"")]
    public void Azure_tags_with_or_without_braces_become_a_json_object(string tags)
    {
        var (sink, errors) = Map(AzureHeader + $"09/04/2023,sub-1,Storage,1.5,USD,Usage,OnDemand,{tags},\n");
        Assert.Equal(0, errors.RejectedRows);
        var json = System.Text.Json.JsonDocument.Parse(sink.Rows[0]["Tags"]!).RootElement;
        Assert.Equal(("prod", "web"), (json.GetProperty("env").GetString(), json.GetProperty("team").GetString()));
    }

    [Fact]
    public void Azure_broken_tags_are_an_error_on_the_tags_column()
    {
        var (_, errors) = Map(AzureHeader + "09/04/2023,sub-1,Storage,1.5,USD,Usage,OnDemand,\"env: prod\",\n");
        Assert.Equal(("Tags", 2L), (errors.Kept[0].Column, errors.Kept[0].Row));
    }

    [Fact]
    public void Azure_instance_size_comes_from_additional_info()
    {
        var (sink, _) = Map(AzureHeader + "09/04/2023,sub-1,Virtual Machines,2.64,USD,Usage,OnDemand,,\"{\"\"ServiceType\"\":\"\"Standard_D2s_v3\"\"}\"\n");
        Assert.Equal("Standard_D2s_v3", sink.Rows[0]["XInstanceType"]);
        Assert.Equal("Compute", sink.Rows[0]["ServiceCategory"]);
    }

    [Fact]
    public void Azure_amortized_file_bills_nothing_for_covered_usage_and_nothing_effective_for_the_purchase()
    {
        var csv = AzureHeader + "09/04/2023,sub-1,Virtual Machines,0.49,USD,Usage,Reservation,,\n09/01/2023,sub-1,Virtual Machines,120,USD,Purchase,Reservation,,\n";
        var (amortized, _) = Map(csv, "AmortizedCost_2023.csv");
        Assert.Equal(("0", "0.49"), (amortized.Rows[0]["BilledCost"], amortized.Rows[0]["EffectiveCost"]));
        Assert.Equal(("120", "0"), (amortized.Rows[1]["BilledCost"], amortized.Rows[1]["EffectiveCost"]));
        var (actual, _) = Map(csv, "ActualCost_2023.csv");
        Assert.Equal(("120", "120"), (actual.Rows[1]["BilledCost"], actual.Rows[1]["EffectiveCost"]));
    }

    [Fact]
    public void Cur_resource_tag_columns_become_tags_without_the_user_prefix()
    {
        const string csv = "bill/PayerAccountId,lineItem/UsageAccountId,lineItem/LineItemType,lineItem/UsageStartDate,bill/BillingPeriodStartDate,lineItem/UnblendedCost,resourceTags/user:env,resourceTags/aws:createdBy\n" +
                           "111,222,Usage,2023-11-01T00:00:00Z,2023-11-01T00:00:00Z,1.5,prod,alice\n" +
                           "111,222,Usage,2023-11-01T00:00:00Z,2023-11-01T00:00:00Z,0.5,,\n";
        var (sink, errors) = Map(csv);
        Assert.Equal(0, errors.RejectedRows);
        Assert.Equal("{\"env\":\"prod\",\"aws:createdBy\":\"alice\"}", sink.Rows[0]["Tags"]);
        Assert.Null(sink.Rows[1]["Tags"]);
    }

    [Fact]
    public void Cur_unknown_line_item_type_is_reported()
    {
        const string csv = "bill/PayerAccountId,lineItem/LineItemType,lineItem/UsageStartDate,bill/BillingPeriodStartDate,lineItem/UnblendedCost\n111,Mystery,2023-11-01T00:00:00Z,2023-11-01T00:00:00Z,1\n";
        var (_, errors) = Map(csv);
        Assert.Equal(("lineItem/LineItemType", 2L), (errors.Kept[0].Column, errors.Kept[0].Row));
        Assert.Contains("'Mystery'", errors.Kept[0].Message);
    }

    [Fact]
    public void Focus_negative_credit_and_multiple_currencies_pass_through()
    {
        const string csv = "BilledCost,EffectiveCost,BillingCurrency,ChargeCategory,ChargePeriodStart,ProviderName\n-10.00,-10.00,EUR,credit,2024-09-01T00:00:00Z,AWS\n5,5,JPY,Usage,2024-09-01T00:00:00Z,AWS\n";
        var (sink, _) = Map(csv);
        Assert.Equal(("-10.00", "EUR", "Credit"), (sink.Rows[0]["BilledCost"], sink.Rows[0]["BillingCurrency"], sink.Rows[0]["ChargeCategory"]));
        Assert.Equal("JPY", sink.Rows[1]["BillingCurrency"]);
    }
}
