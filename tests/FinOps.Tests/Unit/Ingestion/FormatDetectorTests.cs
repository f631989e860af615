using FinOps.Core.Ingestion.Formats;
using FinOps.Tests.Fixtures;

namespace FinOps.Tests.Unit.Ingestion;

public sealed class FormatDetectorTests
{
    private static string[] HeaderOf(string path) =>
        File.ReadLines(path).First().TrimStart('\uFEFF').Split(',').Select(h => h.Trim('"')).ToArray();

    [Fact]
    public void Every_sample_is_recognised_from_its_header()
    {
        Assert.Equal("focus", FormatDetector.Detect(HeaderOf(SharedData.FocusSample)).Format);
        Assert.Equal("aws-cur", FormatDetector.Detect(HeaderOf(SharedData.CurLegacy)).Format);
        Assert.Equal("azure", FormatDetector.Detect(HeaderOf(SharedData.AzureActual)).Format);
        Assert.Equal("azure", FormatDetector.Detect(HeaderOf(SharedData.AzureEaSample)).Format);
        Assert.Equal("oci", FormatDetector.Detect(HeaderOf(SharedData.Oci)).Format);
        Assert.Equal("aws-cur2", FormatDetector.Detect(HeaderOf(SharedData.Fixture("cur2_sample.csv"))).Format);
        Assert.Equal("gcp", FormatDetector.Detect(HeaderOf(SharedData.Fixture("gcp_billing_export.csv"))).Format);
        Assert.Equal("usage", FormatDetector.Detect(HeaderOf(SharedData.Fixture("usage_metrics.csv"))).Format);
        Assert.All(new[] { SharedData.FocusSample, SharedData.CurLegacy, SharedData.AzureActual, SharedData.Oci },
            p => Assert.True(FormatDetector.Detect(HeaderOf(p)).IsKnown));
    }

    [Fact]
    public void Mca_camel_case_azure_header_is_recognised()
    {
        string[] mca = ["invoiceId", "billingAccountId", "billingPeriodStartDate", "billingPeriodEndDate", "date", "subscriptionId", "subscriptionName",
            "meterCategory", "costInBillingCurrency", "billingCurrency", "chargeType", "pricingModel", "tags", "additionalInfo"];
        var detected = FormatDetector.Detect(mca);
        Assert.Equal(("azure", true), (detected.Format, detected.IsKnown));
    }

    [Fact]
    public void Unknown_header_names_the_closest_format_and_what_it_lacks()
    {
        var detected = FormatDetector.Detect(["BilledCost", "ServiceName", "Day"]);
        Assert.Equal("focus", detected.Format);
        Assert.Equal(["BillingCurrency", "ChargeCategory", "ChargePeriodStart"], detected.Missing);
        Assert.Contains("missing required column(s) BillingCurrency, ChargeCategory, ChargePeriodStart", detected.Describe());

        var nothing = FormatDetector.Detect(["x", "y"]);
        Assert.False(nothing.IsKnown);
        Assert.Contains("matches no supported format", nothing.Describe());
    }

    [Fact]
    public void Forced_format_reports_its_own_missing_columns()
    {
        var detected = FormatDetector.Detect(HeaderOf(SharedData.Oci), "aws-cur");
        Assert.Equal("aws-cur", detected.Format);
        Assert.Contains("lineItem/UnblendedCost", detected.Missing);
    }

    [Theory]
    [InlineData("InvoiceId", "1.2")]
    [InlineData("ServiceSubcategory", "1.1")]
    [InlineData("ChargeClass", "1.0")]
    public void Focus_version_is_told_from_the_columns_each_version_added(string extra, string version)
    {
        var mapper = new FocusMapper(new HeaderIndex(["BilledCost", "BillingCurrency", "ChargeCategory", "ChargePeriodStart", "ProviderName", extra]));
        Assert.Equal(version, mapper.FormatVersion);
    }
}
