using System.Text;

namespace FinOps.Core.Ingestion.Parsing;

/// <summary>How a provider's charge types map to FOCUS ChargeCategory, ChargeClass and ChargeFrequency.</summary>
/// <param name="Category">FOCUS ChargeCategory: Usage, Purchase, Tax, Credit, Adjustment.</param>
/// <param name="Class">FOCUS ChargeClass: <c>Correction</c> for refunds and corrections of earlier charges, else null.</param>
/// <param name="Frequency">FOCUS ChargeFrequency: Usage-Based, Recurring, One-Time.</param>
/// <param name="CommitmentStatus">Used / Unused for rows consuming or wasting a commitment discount, else null.</param>
public sealed record ChargeKind(string Category, string? Class, string? Frequency, string? CommitmentStatus = null);

/// <summary>
/// Charge mapping rules (after the FinOps Foundation's focus_converters rules, updated for FOCUS 1.0+,
/// which added the Credit category): the same tables serve the readers and the unit tests.
/// </summary>
public static class ChargeMapping
{
    public const string Usage = "Usage";
    public const string Purchase = "Purchase";
    public const string Tax = "Tax";
    public const string Credit = "Credit";
    public const string Adjustment = "Adjustment";
    public const string Correction = "Correction";

    internal static readonly byte[] UsageU8 = "Usage"u8.ToArray();
    internal static readonly byte[] PurchaseU8 = "Purchase"u8.ToArray();
    internal static readonly byte[] TaxU8 = "Tax"u8.ToArray();
    internal static readonly byte[] CreditU8 = "Credit"u8.ToArray();
    internal static readonly byte[] AdjustmentU8 = "Adjustment"u8.ToArray();

    /// <summary>A FOCUS ChargeCategory value in canonical case, or null when it is not one.</summary>
    internal static byte[]? FocusCategory(ReadOnlySpan<byte> value)
    {
        value = ValueParsers.TrimSpaces(value);
        if (value.SequenceEqual(UsageU8))
        {
            return UsageU8; // the common case, without case folding
        }
        return value.Length switch
        {
            3 when Ascii.EqualsIgnoreCase(value, "Tax"u8) => TaxU8,
            5 when Ascii.EqualsIgnoreCase(value, "Usage"u8) => UsageU8,
            6 when Ascii.EqualsIgnoreCase(value, "Credit"u8) => CreditU8,
            8 when Ascii.EqualsIgnoreCase(value, "Purchase"u8) => PurchaseU8,
            10 when Ascii.EqualsIgnoreCase(value, "Adjustment"u8) => AdjustmentU8,
            _ => null,
        };
    }

    /// <summary>AWS CUR <c>lineItem/LineItemType</c> (legacy and 2.0).</summary>
    public static ChargeKind? AwsLineItemType(string lineItemType) => lineItemType switch
    {
        "Usage" => new(Usage, null, "Usage-Based"),
        "DiscountedUsage" => new(Usage, null, "Usage-Based", "Used"),
        "SavingsPlanCoveredUsage" => new(Usage, null, "Usage-Based", "Used"),
        // The negation cancels the on-demand cost of covered usage: billed, not effective.
        "SavingsPlanNegation" => new(Usage, null, "Usage-Based"),
        "Tax" => new(Tax, null, "One-Time"),
        "Fee" => new(Purchase, null, "One-Time"),
        "RIFee" => new(Purchase, null, "Recurring", "Unused"),
        "SavingsPlanRecurringFee" => new(Purchase, null, "Recurring", "Unused"),
        "SavingsPlanUpfrontFee" => new(Purchase, null, "One-Time"),
        "Credit" => new(Credit, null, "One-Time"),
        "Refund" => new(Credit, Correction, "One-Time"),
        "BundledDiscount" or "Discount" or "EdpDiscount" or "PrivateRateDiscount" or "DistributorDiscount" or "SppDiscount"
            => new(Credit, null, "Usage-Based"),
        "TaxRefund" => new(Tax, Correction, "One-Time"),
        _ => null,
    };

    /// <summary>Azure cost details <c>ChargeType</c> (EA and MCA).</summary>
    public static ChargeKind AzureChargeType(string? chargeType, string? frequency)
    {
        var freq = frequency?.Trim().ToLowerInvariant() switch
        {
            "onetime" or "one-time" => "One-Time",
            "recurring" => "Recurring",
            "usagebased" or "usage-based" => "Usage-Based",
            _ => null,
        };
        return (chargeType?.Trim().ToLowerInvariant() ?? "usage") switch
        {
            "usage" or "" => new(Usage, null, freq ?? "Usage-Based"),
            "purchase" => new(Purchase, null, freq ?? "One-Time"),
            "tax" => new(Tax, null, freq ?? "One-Time"),
            "unusedreservation" or "unusedsavingsplan" => new(Usage, null, freq ?? "Usage-Based", "Unused"),
            "refund" => new(Credit, Correction, freq ?? "One-Time"),
            "credit" => new(Credit, null, freq ?? "One-Time"),
            _ => new(Adjustment, null, freq ?? "One-Time"), // RoundingAdjustment and anything new
        };
    }

    /// <summary>GCP billing export <c>cost_type</c>.</summary>
    public static ChargeKind GcpCostType(string? costType) => costType?.Trim().ToLowerInvariant() switch
    {
        "tax" => new(Tax, null, "One-Time"),
        "adjustment" => new(Adjustment, Correction, "One-Time"),
        "rounding_error" => new(Adjustment, null, "One-Time"),
        "credit" => new(Credit, null, "One-Time"),
        _ => new(Usage, null, "Usage-Based"),
    };

    /// <summary>FOCUS PricingCategory from Azure <c>PricingModel</c>.</summary>
    public static string? AzurePricingCategory(string? pricingModel) => pricingModel?.Trim().ToLowerInvariant() switch
    {
        "ondemand" or "on demand" => "Standard",
        "spot" => "Dynamic",
        "reservation" or "savingsplan" or "savings plan" or "savings plans" => "Committed",
        null or "" => null,
        _ => "Other",
    };

    /// <summary>FOCUS ServiceCategory of an AWS product code (<c>lineItem/ProductCode</c>).</summary>
    public static string AwsServiceCategory(string productCode) =>
        AwsCategories.TryGetValue(productCode, out var c) ? c : "Other";

    /// <summary>FOCUS ServiceCategory of an Azure ServiceFamily or MeterCategory.</summary>
    public static string AzureServiceCategory(string? serviceFamily, string? meterCategory)
    {
        if (serviceFamily is not null && AzureFamilies.TryGetValue(serviceFamily.Trim(), out var c))
        {
            return c;
        }
        if (meterCategory is not null && AzureMeterCategories.TryGetValue(meterCategory.Trim(), out c))
        {
            return c;
        }
        return "Other";
    }

    /// <summary>FOCUS ServiceCategory of a GCP <c>service.description</c>.</summary>
    public static string GcpServiceCategory(string serviceDescription) =>
        GcpCategories.TryGetValue(serviceDescription.Trim(), out var c) ? c : "Other";

    /// <summary>FOCUS ServiceCategory of an OCI <c>product/service</c>.</summary>
    public static string OciServiceCategory(string service) =>
        OciCategories.TryGetValue(service.Trim(), out var c) ? c : "Other";

    private static readonly Dictionary<string, string> AwsCategories = new(StringComparer.OrdinalIgnoreCase)
    {
        ["AmazonEC2"] = "Compute", ["AWSLambda"] = "Compute", ["AmazonECS"] = "Compute", ["AmazonEKS"] = "Compute",
        ["AmazonECR"] = "Compute", ["AWSBatch"] = "Compute", ["AmazonLightsail"] = "Compute", ["AWSElasticBeanstalk"] = "Compute",
        ["AmazonS3"] = "Storage", ["AmazonEFS"] = "Storage", ["AmazonFSx"] = "Storage", ["AWSBackup"] = "Storage",
        ["AmazonGlacier"] = "Storage", ["AWSStorageGateway"] = "Storage", ["AmazonS3GlacierDeepArchive"] = "Storage",
        ["AmazonRDS"] = "Databases", ["AmazonDynamoDB"] = "Databases", ["AmazonElastiCache"] = "Databases",
        ["AmazonDocDB"] = "Databases", ["AmazonNeptune"] = "Databases", ["AmazonMemoryDB"] = "Databases", ["AmazonKeyspaces"] = "Databases",
        ["AmazonVPC"] = "Networking", ["AWSDataTransfer"] = "Networking", ["AmazonCloudFront"] = "Networking",
        ["AmazonRoute53"] = "Networking", ["AWSELB"] = "Networking", ["ElasticLoadBalancing"] = "Networking",
        ["AWSDirectConnect"] = "Networking", ["AWSGlobalAccelerator"] = "Networking", ["AmazonApiGateway"] = "Networking",
        ["AmazonCloudWatch"] = "Management and Governance", ["AWSCloudTrail"] = "Management and Governance",
        ["AWSConfig"] = "Management and Governance", ["AWSSystemsManager"] = "Management and Governance",
        ["AWSCloudFormation"] = "Management and Governance", ["AWSCostExplorer"] = "Management and Governance",
        ["awskms"] = "Security", ["AWSSecretsManager"] = "Security", ["AmazonGuardDuty"] = "Security", ["AWSShield"] = "Security",
        ["awswaf"] = "Security", ["AWSSecurityHub"] = "Security", ["AmazonInspector"] = "Security", ["AmazonMacie"] = "Security",
        ["AmazonCognito"] = "Identity", ["AWSDirectoryService"] = "Identity",
        ["AmazonSNS"] = "Integration", ["AWSQueueService"] = "Integration", ["AmazonStates"] = "Integration",
        ["AWSEvents"] = "Integration", ["AmazonMQ"] = "Integration", ["AmazonEventBridge"] = "Integration",
        ["AWSGlue"] = "Analytics", ["AmazonAthena"] = "Analytics", ["AmazonRedshift"] = "Analytics", ["AmazonKinesis"] = "Analytics",
        ["AmazonKinesisFirehose"] = "Analytics", ["AmazonES"] = "Analytics", ["AmazonOpenSearchService"] = "Analytics",
        ["ElasticMapReduce"] = "Analytics", ["AmazonQuickSight"] = "Analytics", ["AmazonMSK"] = "Analytics",
        ["AmazonSageMaker"] = "AI and Machine Learning", ["AmazonBedrock"] = "AI and Machine Learning",
        ["AmazonRekognition"] = "AI and Machine Learning", ["AmazonTextract"] = "AI and Machine Learning",
        ["AmazonComprehend"] = "AI and Machine Learning", ["AmazonPolly"] = "AI and Machine Learning",
        ["AWSIoT"] = "Internet of Things", ["AWSCloudShell"] = "Developer Tools", ["AWSCodeBuild"] = "Developer Tools",
        ["AWSCodePipeline"] = "Developer Tools", ["AWSCodeArtifact"] = "Developer Tools", ["AWSXRay"] = "Developer Tools",
        ["AWSMigrationHubRefactorSpaces"] = "Migration", ["AWSDatabaseMigrationSvc"] = "Migration", ["AWSTransfer"] = "Migration",
        ["AmazonSES"] = "Business Applications", ["AmazonConnect"] = "Business Applications", ["AmazonWorkSpaces"] = "Business Applications",
        ["AWSAmplify"] = "Web", ["AmazonChime"] = "Business Applications", ["AWSElementalMediaConvert"] = "Media",
    };

    private static readonly Dictionary<string, string> AzureFamilies = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Compute"] = "Compute", ["Storage"] = "Storage", ["Networking"] = "Networking", ["Databases"] = "Databases",
        ["Analytics"] = "Analytics", ["AI + Machine Learning"] = "AI and Machine Learning", ["Security"] = "Security",
        ["Management and Governance"] = "Management and Governance", ["Internet of Things"] = "Internet of Things",
        ["Integration"] = "Integration", ["Web"] = "Web", ["Developer Tools"] = "Developer Tools", ["Containers"] = "Compute",
        ["Identity"] = "Identity", ["Media"] = "Media", ["Migration"] = "Migration", ["Mobile"] = "Mobile",
    };

    private static readonly Dictionary<string, string> AzureMeterCategories = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Virtual Machines"] = "Compute", ["Azure App Service"] = "Web", ["Functions"] = "Compute", ["Container Instances"] = "Compute",
        ["Azure Kubernetes Service"] = "Compute", ["Storage"] = "Storage", ["Backup"] = "Storage", ["Bandwidth"] = "Networking",
        ["Virtual Network"] = "Networking", ["Load Balancer"] = "Networking", ["Azure DNS"] = "Networking", ["VPN Gateway"] = "Networking",
        ["Application Gateway"] = "Networking", ["Azure Front Door Service"] = "Networking", ["Content Delivery Network"] = "Networking",
        ["SQL Database"] = "Databases", ["SQL Managed Instance"] = "Databases", ["Azure Cosmos DB"] = "Databases",
        ["Azure Database for MySQL"] = "Databases", ["Azure Database for PostgreSQL"] = "Databases", ["Redis Cache"] = "Databases",
        ["Log Analytics"] = "Management and Governance", ["Azure Monitor"] = "Management and Governance",
        ["Advanced Threat Protection"] = "Security", ["Advanced Data Security"] = "Security", ["Key Vault"] = "Security",
        ["Microsoft Defender for Cloud"] = "Security", ["Event Hubs"] = "Integration", ["Service Bus"] = "Integration",
        ["Logic Apps"] = "Integration", ["Azure Data Factory v2"] = "Analytics", ["Azure Synapse Analytics"] = "Analytics",
        ["Azure Databricks"] = "Analytics", ["Cognitive Services"] = "AI and Machine Learning", ["Azure OpenAI"] = "AI and Machine Learning",
        ["Azure Machine Learning"] = "AI and Machine Learning",
    };

    private static readonly Dictionary<string, string> GcpCategories = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Compute Engine"] = "Compute", ["Kubernetes Engine"] = "Compute", ["Cloud Run"] = "Compute", ["Cloud Functions"] = "Compute",
        ["App Engine"] = "Compute", ["Cloud Storage"] = "Storage", ["Filestore"] = "Storage", ["Backup and DR Service"] = "Storage",
        ["BigQuery"] = "Analytics", ["Dataflow"] = "Analytics", ["Dataproc"] = "Analytics", ["Looker"] = "Analytics",
        ["Cloud SQL"] = "Databases", ["Cloud Spanner"] = "Databases", ["Cloud Bigtable"] = "Databases", ["Firestore"] = "Databases",
        ["Cloud Memorystore for Redis"] = "Databases", ["AlloyDB"] = "Databases",
        ["Networking"] = "Networking", ["Cloud DNS"] = "Networking", ["Cloud CDN"] = "Networking", ["Cloud Load Balancing"] = "Networking",
        ["Cloud NAT"] = "Networking", ["Network Intelligence Center"] = "Networking",
        ["Cloud Logging"] = "Management and Governance", ["Cloud Monitoring"] = "Management and Governance", ["Stackdriver Logging"] = "Management and Governance",
        ["Cloud Pub/Sub"] = "Integration", ["Pub/Sub"] = "Integration", ["Cloud Scheduler"] = "Integration", ["Workflows"] = "Integration",
        ["Vertex AI"] = "AI and Machine Learning", ["Cloud Vision API"] = "AI and Machine Learning", ["Gemini API"] = "AI and Machine Learning",
        ["Secret Manager"] = "Security", ["Cloud Key Management Service (KMS)"] = "Security", ["Security Command Center"] = "Security",
        ["Artifact Registry"] = "Developer Tools", ["Cloud Build"] = "Developer Tools", ["Container Registry"] = "Developer Tools",
        ["Identity Platform"] = "Identity",
    };

    private static readonly Dictionary<string, string> OciCategories = new(StringComparer.OrdinalIgnoreCase)
    {
        ["COMPUTE"] = "Compute", ["FUNCTIONS"] = "Compute", ["OKE"] = "Compute", ["CONTAINER_ENGINE"] = "Compute",
        ["BLOCK_STORAGE"] = "Storage", ["OBJECT_STORAGE"] = "Storage", ["FILE_STORAGE"] = "Storage",
        ["DATABASE"] = "Databases", ["MYSQL"] = "Databases", ["NOSQL"] = "Databases", ["AUTONOMOUS_DATABASE"] = "Databases",
        ["NETWORK"] = "Networking", ["VCN"] = "Networking", ["LOAD_BALANCER"] = "Networking", ["DNS"] = "Networking", ["FASTCONNECT"] = "Networking",
        ["TELEMETRY"] = "Management and Governance", ["MONITORING"] = "Management and Governance", ["LOGGING"] = "Management and Governance",
        ["VAULT"] = "Security", ["KMS"] = "Security", ["CLOUD_GUARD"] = "Security", ["IDENTITY"] = "Identity",
        ["STREAMING"] = "Integration", ["NOTIFICATIONS"] = "Integration", ["DATA_SCIENCE"] = "AI and Machine Learning",
        ["ANALYTICS"] = "Analytics",
    };
}
