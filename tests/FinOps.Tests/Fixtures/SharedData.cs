namespace FinOps.Tests.Fixtures;

/// <summary>
/// Paths of the sample files in <c>../shared/data</c> (CI clones the repository beside <c>shared/</c>) and of
/// this folder's own fixtures.
/// </summary>
public static class SharedData
{
    private static readonly Lazy<string> RepoRoot = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "FinOps.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"FinOps.sln not found above {AppContext.BaseDirectory}.");
    });

    public static string Root => System.IO.Path.GetFullPath(System.IO.Path.Combine(RepoRoot.Value, "..", "shared", "data"));

    /// <summary>A file under shared/data, e.g. <c>Path("aws", "cur_legacy….csv")</c>.</summary>
    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    /// <summary>A fixture file of tests/FinOps.Tests/Fixtures.</summary>
    public static string Fixture(string name) => System.IO.Path.Combine(RepoRoot.Value, "tests", "FinOps.Tests", "Fixtures", name);

    public static string FocusSample => Path("focus", "focus_1.0_sample_1000.csv");
    public static string CurLegacy => Path("aws", "cur_legacy_sample-anonymous-aws-export-dataset.csv");
    public static string AzureActual => Path("azure", "EA_ActualCost_Small.csv");
    public static string AzureAmortized => Path("azure", "EA_AmortizedCost_Small.csv");
    public static string AzureEaSample => Path("azure", "sample-anonymous-ea-export-dataset.csv");
    public static string Oci => Path("oci", "oci_reports_cost-csv_0000000030000269.csv");
}
