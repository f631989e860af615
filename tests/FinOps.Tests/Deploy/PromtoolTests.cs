namespace FinOps.Tests.Deploy;

/// <summary>promtool (Debian's prometheus package) accepts the committed Prometheus files and the alert rules pass their unit tests.</summary>
public sealed class PromtoolTests
{
    private const string Promtool = "/usr/bin/promtool";

    [Theory]
    [InlineData("compose/prometheus/prometheus.yml")]
    [InlineData("helm/finops/files/prometheus/prometheus.yml")]
    public async Task Generated_prometheus_configuration_passes_promtool_check_config(string file)
    {
        var (exitCode, output) = await PromtoolAsync("check", "config", Path.Combine(RepositoryFiles.Deploy, file));
        Assert.True(exitCode == 0, output);
        Assert.Contains("8 rules found", output); // the configuration loads the alert rules beside it
    }

    [Fact]
    public async Task Alert_rules_pass_promtool_check_rules()
    {
        var (exitCode, output) = await PromtoolAsync("check", "rules", Path.Combine(RepositoryFiles.Monitoring, "prometheus", "alerts.yml"));
        Assert.True(exitCode == 0, output);
        Assert.Contains("SUCCESS: 8 rules found", output);
    }

    [Fact]
    public async Task Alert_rules_fire_on_the_series_their_unit_tests_give()
    {
        var (exitCode, output) = await PromtoolAsync("test", "rules", Path.Combine(RepositoryFiles.Monitoring, "prometheus", "alerts.test.yml"));
        Assert.True(exitCode == 0, output);
        Assert.Contains("SUCCESS", output);
    }

    private static async Task<(int ExitCode, string Output)> PromtoolAsync(params string[] args)
    {
        if (!File.Exists(Promtool))
        {
            Assert.Fail($"{Promtool} is missing: install Debian's prometheus package (scripts/setup.sh does; CI runs it).");
        }
        return await RepositoryFiles.RunAsync(Promtool, args, ct: TestContext.Current.CancellationToken);
    }
}
