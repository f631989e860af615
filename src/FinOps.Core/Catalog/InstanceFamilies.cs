using System.Text.RegularExpressions;

namespace FinOps.Core.Catalog;

/// <summary>What a family is for; rightsizing moves across general, compute and memory families only.</summary>
public enum FamilyClass
{
    General,
    Compute,
    Memory,
    Burstable,
    /// <summary>GPU, storage, HPC, high-memory, network, bare metal and other special shapes: never a cross-family target.</summary>
    Specialized,
}

/// <summary>Classifies instance types by provider naming conventions (AWS family letter, Azure series letter, GCP series).</summary>
public static partial class InstanceFamilies
{
    public static FamilyClass Classify(string provider, string instanceType)
    {
        var name = instanceType.Trim();
        return CloudProviders.Normalize(provider) switch
        {
            CloudProviders.Aws => Aws(name),
            CloudProviders.Azure => Azure(name),
            CloudProviders.Gcp => Gcp(name),
            _ => FamilyClass.Specialized,
        };
    }

    private static FamilyClass Aws(string name)
    {
        var dot = name.IndexOf('.');
        var family = dot < 0 ? name : name[..dot];
        var size = dot < 0 ? "" : name[(dot + 1)..];
        if (size.Contains("metal", StringComparison.Ordinal))
        {
            return FamilyClass.Specialized;
        }
        var m = AwsFamily().Match(family);
        if (!m.Success)
        {
            return FamilyClass.Specialized;
        }
        var letters = m.Groups[1].Value;
        var attributes = m.Groups[3].Value;
        // "n" (network), "d" with local NVMe is fine (same shape plus disk), "z" (high frequency), "e" (extra memory/storage) and "b" (EBS) are special.
        if (attributes.Contains('n') || attributes.Contains('z') || attributes.Contains('e') || attributes.Contains('b') || attributes.Contains("flex", StringComparison.Ordinal))
        {
            return FamilyClass.Specialized;
        }
        return letters switch
        {
            "m" => FamilyClass.General,
            "c" => FamilyClass.Compute,
            "r" => FamilyClass.Memory,
            "t" => FamilyClass.Burstable,
            _ => FamilyClass.Specialized,
        };
    }

    private static FamilyClass Azure(string name)
    {
        var m = AzureSize().Match(name);
        // Constrained-vCPU sizes (E8-2as) cost as much as the full size; suffixes other than the version mark accelerators or promotions.
        if (!m.Success || m.Groups[3].Success || m.Groups[5].Success && !m.Groups[5].Value.StartsWith("_v", StringComparison.Ordinal))
        {
            return FamilyClass.Specialized;
        }
        return SeriesLetter(m.Groups[1].Value) switch
        {
            "D" => FamilyClass.General,
            "F" => FamilyClass.Compute,
            "E" => FamilyClass.Memory,
            "B" => FamilyClass.Burstable,
            _ => FamilyClass.Specialized,
        };
    }

    private static FamilyClass Gcp(string name)
    {
        var parts = name.Split('-');
        var series = parts[0];
        var kind = parts.Length > 1 ? parts[1] : "";
        if (series is "f1" or "g1" || kind is "micro" or "small" or "medium" && series == "e2")
        {
            return FamilyClass.Burstable;
        }
        if (name.Contains("metal", StringComparison.Ordinal) || name.Contains("lssd", StringComparison.Ordinal))
        {
            return FamilyClass.Specialized;
        }
        return (series, kind) switch
        {
            ("e2" or "n1" or "n2" or "n2d" or "n4" or "n4d" or "n4a" or "t2d" or "t2a" or "c3" or "c3d" or "c4" or "c4a" or "c4d", "standard") => FamilyClass.General,
            ("e2" or "n1" or "n2" or "n2d" or "n4" or "n4d" or "n4a" or "c3" or "c3d" or "c4" or "c4a" or "c4d", "highcpu") => FamilyClass.Compute,
            ("c2" or "c2d" or "h3", _) => series == "h3" ? FamilyClass.Specialized : FamilyClass.Compute,
            ("e2" or "n1" or "n2" or "n2d" or "n4" or "n4d" or "n4a" or "c3" or "c3d" or "c4" or "c4a" or "c4d", "highmem") => FamilyClass.Memory,
            _ => FamilyClass.Specialized,
        };
    }

    /// <summary>Older sizes spell premium storage with a capital S (DS2_v2): same series as D.</summary>
    private static string SeriesLetter(string letters) => letters is "DS" or "ES" or "FS" or "GS" ? letters[..1] : letters;

    /// <summary>The family a type belongs to for "same family" checks: m5, Dsv5, n2.</summary>
    public static string FamilyOf(string provider, string instanceType)
    {
        var name = instanceType.Trim();
        switch (CloudProviders.Normalize(provider))
        {
            case CloudProviders.Aws:
                var dot = name.IndexOf('.');
                return dot < 0 ? name : name[..dot];
            case CloudProviders.Azure:
                var m = AzureSize().Match(name);
                return m.Success ? $"{m.Groups[1].Value}{m.Groups[4].Value}{(m.Groups[5].Success ? m.Groups[5].Value.Replace("_", "") : "")}" : name;
            case CloudProviders.Gcp:
                var parts = name.Split('-');
                return parts.Length > 1 ? $"{parts[0]}-{parts[1]}" : parts[0];
            default:
                return name;
        }
    }

    [GeneratedRegex(@"^([a-z]+?)(\d+)([a-z\-]*)$")]
    private static partial Regex AwsFamily();

    [GeneratedRegex(@"^(?:Standard|Basic)_([A-Z]+)(\d+)(-\d+)?([a-z]*)(_.+)?$")]
    private static partial Regex AzureSize();
}
