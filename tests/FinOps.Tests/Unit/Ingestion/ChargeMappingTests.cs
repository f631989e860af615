using FinOps.Core.Ingestion.Parsing;

namespace FinOps.Tests.Unit.Ingestion;

public sealed class ChargeMappingTests
{
    [Theory]
    [InlineData("Usage", "Usage", null, null)]
    [InlineData("DiscountedUsage", "Usage", null, "Used")]
    [InlineData("SavingsPlanCoveredUsage", "Usage", null, "Used")]
    [InlineData("SavingsPlanNegation", "Usage", null, null)]
    [InlineData("Tax", "Tax", null, null)]
    [InlineData("Fee", "Purchase", null, null)]
    [InlineData("RIFee", "Purchase", null, "Unused")]
    [InlineData("SavingsPlanRecurringFee", "Purchase", null, "Unused")]
    [InlineData("SavingsPlanUpfrontFee", "Purchase", null, null)]
    [InlineData("Credit", "Credit", null, null)]
    [InlineData("Refund", "Credit", "Correction", null)]
    [InlineData("BundledDiscount", "Credit", null, null)]
    [InlineData("EdpDiscount", "Credit", null, null)]
    public void Cur_line_item_types_map_to_focus(string type, string category, string? chargeClass, string? status)
    {
        var kind = ChargeMapping.AwsLineItemType(type);
        Assert.NotNull(kind);
        Assert.Equal((category, chargeClass, status), (kind.Category, kind.Class, kind.CommitmentStatus));
    }

    [Fact]
    public void Unknown_cur_line_item_type_is_not_guessed() => Assert.Null(ChargeMapping.AwsLineItemType("Mystery"));

    [Theory]
    [InlineData("Usage", "UsageBased", "Usage", null, "Usage-Based")]
    [InlineData("Purchase", "OneTime", "Purchase", null, "One-Time")]
    [InlineData("Purchase", "Recurring", "Purchase", null, "Recurring")]
    [InlineData("Tax", null, "Tax", null, "One-Time")]
    [InlineData("UnusedReservation", "UsageBased", "Usage", null, "Usage-Based")]
    [InlineData("UnusedSavingsPlan", null, "Usage", null, "Usage-Based")]
    [InlineData("Refund", "OneTime", "Credit", "Correction", "One-Time")]
    [InlineData("RoundingAdjustment", null, "Adjustment", null, "One-Time")]
    [InlineData(null, null, "Usage", null, "Usage-Based")]
    public void Azure_charge_types_map_to_focus(string? chargeType, string? frequency, string category, string? chargeClass, string expectedFrequency)
    {
        var kind = ChargeMapping.AzureChargeType(chargeType, frequency);
        Assert.Equal((category, chargeClass, expectedFrequency), (kind.Category, kind.Class, kind.Frequency));
    }

    [Theory]
    [InlineData("OnDemand", "Standard")]
    [InlineData("Spot", "Dynamic")]
    [InlineData("Reservation", "Committed")]
    [InlineData("SavingsPlan", "Committed")]
    [InlineData("", null)]
    public void Azure_pricing_models_map_to_pricing_categories(string model, string? expected) =>
        Assert.Equal(expected, ChargeMapping.AzurePricingCategory(model));

    [Theory]
    [InlineData("regular", "Usage", null)]
    [InlineData("tax", "Tax", null)]
    [InlineData("adjustment", "Adjustment", "Correction")]
    [InlineData("rounding_error", "Adjustment", null)]
    public void Gcp_cost_types_map_to_focus(string costType, string category, string? chargeClass)
    {
        var kind = ChargeMapping.GcpCostType(costType);
        Assert.Equal((category, chargeClass), (kind.Category, kind.Class));
    }

    [Theory]
    [InlineData("AmazonEC2", "Compute")]
    [InlineData("AmazonS3", "Storage")]
    [InlineData("awskms", "Security")]
    [InlineData("SomethingNew", "Other")]
    public void Aws_product_codes_have_service_categories(string code, string category) =>
        Assert.Equal(category, ChargeMapping.AwsServiceCategory(code));
}
