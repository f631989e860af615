using System.Globalization;
using FinOps.Core.Catalog;

namespace FinOps.Core.Recommendations;

/// <summary>
/// Decides, for one instance, whether it is idle, over-provisioned or right: pure and synchronous (utilization,
/// bills and catalog in, verdict and evidence out).
/// </summary>
/// <remarks>
/// Need: required vCPU = current vCPU × pXX CPU% × (1 + CPU headroom), and the same for memory when it is
/// measured. A candidate must meet both, run the same CPU architecture with the same GPUs, be cheaper, and be
/// of the same family or of an interchangeable one (general, compute, memory). The cheapest current-generation
/// candidate wins. Savings = hourly price difference × hours billed in the lookback, scaled to a 730-hour month
/// over the hours the bills cover.
/// </remarks>
public sealed class RightsizingEngine(RightsizingOptions options)
{
    public const decimal HoursPerMonth = 730m;

    public RightsizingOptions Options => options;

    /// <summary>Analyses one resource over [<paramref name="windowStart"/>, <paramref name="windowEnd"/>).</summary>
    public RightsizingAnalysis Analyze(ResourceUtilization usage, BillingFacts? billing, CatalogIndex catalog, DateTimeOffset windowStart, DateTimeOffset windowEnd)
    {
        var provider = CloudProviders.Normalize(usage.Provider);
        var cpu = Stats(usage.Cpu, windowStart, windowEnd);
        var memory = usage.Memory.Count > 0 ? Stats(usage.Memory, windowStart, windowEnd) : null;
        var evidence = new RightsizingEvidence
        {
            WindowStart = windowStart,
            WindowEnd = windowEnd,
            LookbackDays = options.LookbackDays,
            Percentile = options.CpuPercentile,
            Statistic = options.Statistic,
            Cpu = cpu,
            Memory = memory is { Hours: > 0 } ? memory : null,
            NetworkMegabytesPerDay = NetworkPerDay(usage, windowStart, windowEnd),
            CpuHeadroomPercent = options.CpuHeadroomPercent,
            MemoryHeadroomPercent = options.MemoryHeadroomPercent,
            BilledHours = billing?.BilledHours,
            CoverageHours = billing?.CoverageHours,
            Why = "",
        };
        var currency = billing?.Currency ?? "USD";

        if (cpu is null || cpu.Hours < options.MinimumHours)
        {
            var hours = cpu?.Hours ?? 0;
            return Verdict(usage, provider, AnalysisOutcome.InsufficientData,
                $"Insufficient data: {hours.ToString("0.#", CultureInfo.InvariantCulture)} h of CPU metrics in the last {options.LookbackDays} days; {options.MinimumHours} h are needed.",
                null, 0, currency, evidence);
        }

        var (current, pricingRegion) = CurrentType(usage, provider, catalog);
        var currentShape = current is null ? null : Shape(current, pricingRegion);
        evidence = evidence with { Current = currentShape };

        // Idle first: an idle box is stopped, not resized.
        if (IdleReason(usage, cpu, windowStart, windowEnd, out var idleRule, out var lowDays) is { } idleWhy)
        {
            var (hoursBilled, basis, factor) = Hours(billing, cpu);
            decimal savings;
            string formula;
            if (current?.OnDemandHourly is { } price)
            {
                savings = Round(price * hoursBilled * factor);
                formula = $"{Money(price)}/h × {Num(hoursBilled)} h {basis} × {Num(factor)} (to a 730 h month)";
            }
            else if (billing is { EffectiveCost: > 0 } b)
            {
                savings = Round(b.EffectiveCost * factor);
                formula = $"{Money(b.EffectiveCost)} billed × {Num(factor)} (to a 730 h month)";
            }
            else
            {
                savings = 0;
                formula = "no price for the current type and no bills: savings unknown";
            }
            evidence = evidence with
            {
                IdleRule = idleRule, LowUtilizationDays = lowDays, BilledHours = hoursBilled, HoursBasis = basis, SavingsFormula = formula, Why = idleWhy,
            };
            return Verdict(usage, provider, AnalysisOutcome.IdleStop, idleWhy, null, savings, currency, evidence);
        }

        if (current is null || currentShape is null || current.Vcpu <= 0 || current.MemoryGib <= 0)
        {
            var why = usage.InstanceType is null
                ? "The usage data does not name the instance type."
                : $"{usage.InstanceType} has no priced shape in the {provider} catalog.";
            return Verdict(usage, provider, AnalysisOutcome.UnknownType, why, null, 0, currency, evidence with { Why = why });
        }

        if (cpu.Sized >= options.BusyCpuPercent || evidence.Memory is { } busyMemory && busyMemory.Sized >= options.BusyMemoryPercent)
        {
            var why = $"Busy, not over-provisioned: p{Num((decimal)options.CpuPercentile)} CPU {Num((decimal)cpu.Sized)}%"
                      + (evidence.Memory is { } m ? $", memory {Num((decimal)m.Sized)}%" : "")
                      + $" (changes are proposed under {Num((decimal)options.BusyCpuPercent)}% CPU and {Num((decimal)options.BusyMemoryPercent)}% memory).";
            return Verdict(usage, provider, AnalysisOutcome.NoChange, why, null, 0, currency, evidence with { Why = why });
        }
        var requiredVcpu = Round4(current.Vcpu * (decimal)(cpu.Sized / 100.0) * (1 + (decimal)options.CpuHeadroomPercent / 100m));
        decimal requiredMemory;
        string memoryBasis;
        if (evidence.Memory is { } mem)
        {
            requiredMemory = Round4(current.MemoryGib * (decimal)(mem.Sized / 100.0) * (1 + (decimal)options.MemoryHeadroomPercent / 100m));
            memoryBasis = $"p{Num((decimal)options.CpuPercentile)} memory {Num((decimal)mem.Sized)}% of {Num(current.MemoryGib)} GiB + {Num((decimal)options.MemoryHeadroomPercent)}% headroom";
        }
        else if (options.MemoryWhenUnknown == "ignore")
        {
            requiredMemory = 0;
            memoryBasis = "memory not measured: sized on CPU alone";
        }
        else
        {
            requiredMemory = current.MemoryGib;
            memoryBasis = "memory not measured: at least the current memory is kept";
        }
        evidence = evidence with { RequiredVcpu = requiredVcpu, RequiredMemoryGib = requiredMemory, MemoryBasis = memoryBasis };

        var (currentClass, currentFamily) = catalog.Traits(provider, current.Name);
        var considered = 0;
        var fitting = new List<InstanceType>();
        foreach (var (c, cls, family) in catalog.Candidates(provider, pricingRegion, current.OperatingSystem))
        {
            if (ReferenceEquals(c, current) || string.Equals(c.Name, current.Name, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            var sameFamily = family == currentFamily;
            var interchangeable = currentClass != FamilyClass.Specialized
                && (cls is FamilyClass.General or FamilyClass.Compute or FamilyClass.Memory
                    || cls == FamilyClass.Burstable && (options.AllowBurstable || currentClass == FamilyClass.Burstable));
            if (!sameFamily && !interchangeable || c.Architecture != current.Architecture || c.GpuCount != current.GpuCount)
            {
                continue;
            }
            considered++;
            if (c.Vcpu >= requiredVcpu && c.MemoryGib >= requiredMemory && c.OnDemandHourly < current.OnDemandHourly)
            {
                fitting.Add(c);
            }
        }
        evidence = evidence with { CandidatesConsidered = considered, CandidatesFitting = fitting.Count };

        var currentGen = fitting.Where(c => c.Generation != "previous").ToList();
        // A previous-generation type is proposed only to a resource that already runs one.
        var pool = currentGen.Count > 0 ? currentGen : current.Generation == "previous" ? fitting : [];
        var best = pool
            .OrderBy(c => c.OnDemandHourly)
            .ThenBy(c => catalog.Traits(provider, c.Name).Family == currentFamily ? 0 : 1)
            .ThenBy(c => c.Vcpu)
            .ThenBy(c => c.MemoryGib)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        var need = $"needs ≥ {Num(requiredVcpu)} vCPU (p{Num((decimal)options.CpuPercentile)} CPU {Num((decimal)cpu.Sized)}% of {Num(current.Vcpu)} vCPU + {Num((decimal)options.CpuHeadroomPercent)}% headroom) and ≥ {Num(requiredMemory)} GiB ({memoryBasis})";
        if (best is null)
        {
            var why = $"No cheaper {current.Architecture} type fits: {current.Name} {need}.";
            return Verdict(usage, provider, AnalysisOutcome.NoChange, why, null, 0, currency, evidence with { Why = why });
        }

        var (billedHours, hoursBasis, monthFactor) = Hours(billing, cpu);
        var delta = current.OnDemandHourly!.Value - best.OnDemandHourly!.Value;
        var estimate = Round(delta * billedHours * monthFactor);
        var crossFamily = catalog.Traits(provider, best.Name).Family != currentFamily;
        var reason = $"{current.Name} → {best.Name}: {need}; {best.Name} ({Num(best.Vcpu)} vCPU, {Num(best.MemoryGib)} GiB, {Money(best.OnDemandHourly.Value)}/h) is the cheapest "
                     + $"{(best.Generation == "previous" ? "" : "current-generation ")}{best.Architecture} type of {fitting.Count} that fit"
                     + (crossFamily ? $" (another family: {currentFamily} → {catalog.Traits(provider, best.Name).Family})" : "") + ".";
        evidence = evidence with
        {
            Proposed = Shape(best, pricingRegion),
            CrossFamily = crossFamily,
            BilledHours = billedHours,
            HoursBasis = hoursBasis,
            SavingsFormula = $"({Money(current.OnDemandHourly.Value)} − {Money(best.OnDemandHourly.Value)})/h × {Num(billedHours)} h {hoursBasis} × {Num(monthFactor)} (to a 730 h month)",
            Why = reason,
        };
        if (estimate < options.MinimumMonthlySavings)
        {
            var why = $"{best.Name} would save {Money(estimate)} a month, under the {Money(options.MinimumMonthlySavings)} minimum.";
            return Verdict(usage, provider, AnalysisOutcome.NoChange, why, null, estimate, currency, evidence with { Why = why });
        }
        return Verdict(usage, provider, AnalysisOutcome.Rightsize, reason, best.Name, estimate, currency, evidence);
    }

    private static RightsizingAnalysis Verdict(ResourceUtilization u, string provider, AnalysisOutcome outcome, string reason, string? proposed,
        decimal savings, string currency, RightsizingEvidence evidence) =>
        new(u.ResourceId, provider, u.Region, outcome, reason, u.InstanceType, proposed, savings, currency, evidence.Why.Length == 0 ? evidence with { Why = reason } : evidence);

    /// <summary>The catalog row of the current type: in the resource's region, else in the provider's reference region.</summary>
    private (InstanceType? Row, string Region) CurrentType(ResourceUtilization u, string provider, CatalogIndex catalog)
    {
        var region = u.Region ?? CloudProviders.ReferenceRegion(provider) ?? "";
        if (u.InstanceType is null)
        {
            return (null, region);
        }
        if (catalog.Find(provider, u.InstanceType, region, options.OperatingSystem) is { } here)
        {
            return (here, region);
        }
        if (CloudProviders.ReferenceRegion(provider) is { } reference && catalog.Find(provider, u.InstanceType, reference, options.OperatingSystem) is { } there)
        {
            return (there, reference);
        }
        return (null, region);
    }

    private static TypeShape Shape(InstanceType t, string region) =>
        new(t.Name, t.Vcpu, t.MemoryGib, t.Architecture, t.Family, t.Generation, t.OnDemandHourly, region);

    private string? IdleReason(ResourceUtilization u, UtilizationStats cpu, DateTimeOffset from, DateTimeOffset to, out string? rule, out int? lowDays)
    {
        rule = null;
        lowDays = null;
        if (options.IdleRule is "max-cpu" or "both" && cpu.Maximum <= options.IdleMaxCpuPercent)
        {
            rule = "max-cpu";
            return $"Idle: maximum CPU {Num((decimal)cpu.Maximum)}% over {Num((decimal)cpu.Hours)} h of the last {options.LookbackDays} days (≤ {Num((decimal)options.IdleMaxCpuPercent)}%).";
        }
        if (options.IdleRule is "low-utilization" or "both" && (u.NetworkIn.Count > 0 || u.NetworkOut.Count > 0))
        {
            var days = u.Cpu.Where(p => p.Start >= from && p.Start < to).GroupBy(p => DateOnly.FromDateTime(p.Start.UtcDateTime)).ToDictionary(
                g => g.Key, g => g.Sum(p => p.Average * p.Seconds) / g.Sum(p => (double)p.Seconds));
            var network = u.NetworkIn.Concat(u.NetworkOut).Where(p => p.Start >= from && p.Start < to)
                .GroupBy(p => DateOnly.FromDateTime(p.Start.UtcDateTime)).ToDictionary(g => g.Key, g => g.Sum(p => p.Average));
            var low = days.Count(d => d.Value <= options.LowUtilizationCpuPercent
                                      && network.TryGetValue(d.Key, out var bytes) && bytes <= options.LowUtilizationNetworkMegabytes * 1_000_000);
            if (low >= options.LowUtilizationDays)
            {
                rule = "low-utilization";
                lowDays = low;
                return $"Low utilization: {low} of {days.Count} days with average CPU ≤ {Num((decimal)options.LowUtilizationCpuPercent)}% and network ≤ {Num((decimal)options.LowUtilizationNetworkMegabytes)} MB (rule: {options.LowUtilizationDays} days).";
            }
        }
        return null;
    }

    /// <summary>Hours to price: billed hours when the bills have the resource, else the hours with metrics; and the factor to a 730-hour month.</summary>
    private (decimal Hours, string Basis, decimal Factor) Hours(BillingFacts? billing, UtilizationStats cpu)
    {
        var lookbackHours = options.LookbackDays * 24m;
        if (billing is { BilledHours: > 0 } b)
        {
            var coverage = b.CoverageHours > 0 ? Math.Min(b.CoverageHours, lookbackHours) : lookbackHours;
            return (b.BilledHours, "billed", HoursPerMonth / coverage);
        }
        return (Round4((decimal)cpu.Hours), "with metrics (not in the bills)", HoursPerMonth / lookbackHours);
    }

    private UtilizationStats? Stats(IReadOnlyList<MetricPoint> points, DateTimeOffset from, DateTimeOffset to)
    {
        var values = new List<double>(points.Count);
        double hours = 0, weighted = 0, max = double.MinValue;
        foreach (var p in points)
        {
            if (p.Start < from || p.Start >= to)
            {
                continue;
            }
            values.Add(options.Statistic == "average" ? p.Average : p.Maximum);
            hours += p.Seconds / 3600.0;
            weighted += p.Average * p.Seconds;
            max = Math.Max(max, p.Maximum);
        }
        if (values.Count == 0)
        {
            return null;
        }
        values.Sort();
        return new UtilizationStats(
            Math.Round(hours, 2), Math.Round(weighted / (hours * 3600.0), 3), max,
            Math.Round(Percentiles.Of(values, 50), 3), Math.Round(Percentiles.Of(values, 90), 3), Math.Round(Percentiles.Of(values, 95), 3),
            Math.Round(Percentiles.Of(values, 99), 3), Math.Round(Percentiles.Of(values, options.CpuPercentile), 3));
    }

    private static double? NetworkPerDay(ResourceUtilization u, DateTimeOffset from, DateTimeOffset to)
    {
        var points = u.NetworkIn.Concat(u.NetworkOut).Where(p => p.Start >= from && p.Start < to).ToList();
        if (points.Count == 0)
        {
            return null;
        }
        var days = points.Select(p => DateOnly.FromDateTime(p.Start.UtcDateTime)).Distinct().Count();
        return Math.Round(points.Sum(p => p.Average) / 1_000_000 / days, 3);
    }

    private static decimal Round(decimal d) => Math.Round(d, 2, MidpointRounding.AwayFromZero);
    private static decimal Round4(decimal d) => Math.Round(d, 4, MidpointRounding.AwayFromZero);
    private static string Num(decimal d) => d.ToString("0.###", CultureInfo.InvariantCulture);
    private static string Money(decimal d) => "$" + d.ToString("0.00##", CultureInfo.InvariantCulture);
}
