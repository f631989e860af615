using System.ComponentModel.DataAnnotations;

namespace FinOps.Core.Recommendations;

/// <summary>
/// Rules of the rightsizing and idle analysis (section <c>Rightsizing</c>). Defaults follow AWS Compute
/// Optimizer (P95, 20% headroom, 30 h of metrics) and Cost Explorer (14 days, idle at max CPU ≤ 1%).
/// </summary>
public sealed class RightsizingOptions
{
    public const string Section = "Rightsizing";

    [Range(1, 93)]
    public int LookbackDays { get; set; } = 14;

    /// <summary>The CPU (and memory) percentile sized for: 90, 95 (default) or 99 — any value from 50 to 100.</summary>
    [Range(50.0, 100.0)]
    public double CpuPercentile { get; set; } = 95;

    [Range(0.0, 200.0)]
    public double CpuHeadroomPercent { get; set; } = 20;

    [Range(0.0, 200.0)]
    public double MemoryHeadroomPercent { get; set; } = 20;

    /// <summary>
    /// Which per-period figure the percentiles are taken over: <c>maximum</c> (default: the peak of each hour,
    /// so short bursts count) or <c>average</c>.
    /// </summary>
    [RegularExpression("^(maximum|average)$")]
    public string Statistic { get; set; } = "maximum";

    /// <summary>
    /// Only an instance whose sized CPU percentile is under this is called over-provisioned: a busy box is never
    /// moved, even to a cheaper shape with as many vCPU.
    /// </summary>
    [Range(0.0, 100.0)]
    public double BusyCpuPercent { get; set; } = 55;

    /// <summary>Likewise for the memory percentile, when memory is measured.</summary>
    [Range(0.0, 100.0)]
    public double BusyMemoryPercent { get; set; } = 80;

    /// <summary>Hours of CPU metrics needed in the lookback before anything is said (Compute Optimizer: 30 h).</summary>
    [Range(1, 2232)]
    public int MinimumHours { get; set; } = 30;

    /// <summary><c>max-cpu</c> (Cost Explorer: max CPU ≤ 1%), <c>low-utilization</c> (Trusted Advisor) or <c>both</c>.</summary>
    [RegularExpression("^(max-cpu|low-utilization|both)$")]
    public string IdleRule { get; set; } = "max-cpu";

    [Range(0.0, 100.0)]
    public double IdleMaxCpuPercent { get; set; } = 1;

    [Range(0.0, 100.0)]
    public double LowUtilizationCpuPercent { get; set; } = 10;

    /// <summary>Network in + out per day, in MB (10^6 bytes), at or under which a day counts as low.</summary>
    [Range(0.0, 1_000_000.0)]
    public double LowUtilizationNetworkMegabytes { get; set; } = 5;

    [Range(1, 93)]
    public int LowUtilizationDays { get; set; } = 4;

    /// <summary>
    /// With no memory metrics, <c>keep</c> (default) requires at least the current memory; <c>ignore</c> sizes on CPU
    /// alone as Cost Explorer does without the CloudWatch agent.
    /// </summary>
    [RegularExpression("^(keep|ignore)$")]
    public string MemoryWhenUnknown { get; set; } = "keep";

    /// <summary>Burstable families (t3, B-series, e2-small) are proposed only to resources already on one, unless allowed.</summary>
    public bool AllowBurstable { get; set; }

    /// <summary>Prices are compared for this operating system (the usage file does not carry one).</summary>
    [Required]
    public string OperatingSystem { get; set; } = "Linux";

    /// <summary>Smaller estimates are not worth a recommendation.</summary>
    [Range(0.0, 1_000_000.0)]
    public decimal MinimumMonthlySavings { get; set; } = 1m;

    /// <summary>Days of bills searched for unattached volumes and idle addresses (Compute Optimizer: 32; GCP: 15).</summary>
    [Range(1, 93)]
    public int StorageLookbackDays { get; set; } = 32;

    /// <summary>Billed days needed before a volume or address is called unattached or idle.</summary>
    [Range(1, 93)]
    public int MinimumUnattachedDays { get; set; } = 7;

    /// <summary>A dismissed recommendation is not raised again for the same resource and type for this many days.</summary>
    [Range(0, 3650)]
    public int DismissalQuietDays { get; set; } = 90;
}
