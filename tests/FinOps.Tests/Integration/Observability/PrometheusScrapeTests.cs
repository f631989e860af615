using System.Text.Json;
using FinOps.Tests.Deploy;
using Npgsql;

namespace FinOps.Tests.Integration.Observability;

/// <summary>A real Prometheus scrapes the running API and Workers; dashboards and alert rules read only what they export.</summary>
public sealed class PrometheusScrapeTests(MonitoredPlatform platform) : IClassFixture<MonitoredPlatform>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Prometheus_scrapes_api_and_workers_and_reads_business_metrics_equal_to_the_database()
    {
        FailIfMissing();
        var up = await EventuallyAsync(async () =>
        {
            var samples = await platform.QueryAsync("up", Ct);
            return samples.Count(s => s.Labels["job"] is "api" or "workers" && s.Value == 1) == 2 ? samples : null;
        }, "up == 1 for api and workers");
        Assert.All(up, s => Assert.Equal(1, s.Value));

        // Daily cost by provider equals the raw billing rows of the latest billed day, to the cent.
        var expected = await LatestDayCostByProviderAsync();
        Assert.NotEmpty(expected);
        var daily = await EventuallyAsync(async () =>
        {
            var samples = await platform.QueryAsync("finops_cost_daily", Ct);
            return samples.Count == expected.Count ? samples : null;
        }, "finops_cost_daily for every provider");
        foreach (var (provider, amount) in expected)
        {
            var sample = Assert.Single(daily, s => s.Labels["provider"] == provider);
            Assert.True(sample.Value > 0, $"{provider}: {sample.Value}");
            Assert.Equal((double)amount, sample.Value, 0.005);
            Assert.Equal("workers", sample.Labels["job"]);
        }

        var open = await platform.QueryAsync("finops_anomalies_open", Ct);
        Assert.Equal(1, Assert.Single(open, s => s.Labels["severity"] == "high").Value);
        Assert.Equal(0, Assert.Single(open, s => s.Labels["severity"] == "critical").Value);

        var savings = Assert.Single(await platform.QueryAsync("finops_savings_realized", Ct));
        Assert.Equal("USD", savings.Labels["currency"]);
        Assert.Equal((double)MonitoredPlatform.RealizedSavings, savings.Value, 0.005);

        var lag = Assert.Single(await platform.QueryAsync("finops_ingestion_lag_seconds", Ct));
        Assert.InRange(lag.Value, 0, 3600);

        // The job that ran through Hangfire, and the rows the ingestion engine loaded and rejected.
        var runs = await platform.QueryAsync("finops_job_runs_total{job_name=\"partition-maintenance\"}", Ct);
        Assert.True(runs.Sum(r => r.Value) >= 1, "partition-maintenance has no recorded run");
        var servers = Assert.Single(await platform.QueryAsync("finops_job_queue_servers", Ct));
        Assert.True(servers.Value >= 1);
        var rows = await platform.QueryAsync("sum(finops_ingestion_rows_ingested_total{job=\"api\"})", Ct);
        Assert.True(Assert.Single(rows).Value >= 12, "rows ingested were not counted");
    }

    [Fact]
    public async Task Committed_alert_rules_load_and_evaluate_in_prometheus()
    {
        FailIfMissing();
        var rules = await EventuallyAsync(async () =>
        {
            var all = await RulesAsync();
            return all.Count > 0 && all.All(r => r.LastEvaluation > DateTimeOffset.UnixEpoch) ? all : null;
        }, "every alert rule to be evaluated");
        Assert.Contains(rules, r => r.Name == "FinOpsIngestionStale");
        Assert.Contains(rules, r => r.Name == "FinOpsJobFailing");
        Assert.Contains(rules, r => r.Name == "FinOpsApiErrorRate");
        Assert.Contains(rules, r => r.Name == "FinOpsAnomalySurge");
        Assert.All(rules, r => Assert.True(r.Health == "ok", $"{r.Name}: {r.Health} {r.Error}"));
        // A healthy platform with fresh data fires nothing.
        Assert.All(rules, r => Assert.True(r.State == "inactive", $"{r.Name} is {r.State}"));
    }

    [Fact]
    public async Task Dashboards_and_alert_rules_query_only_metrics_the_services_export()
    {
        FailIfMissing();
        Assert.True(platform.ExporterAddress is not null,
            $"{MonitoredPlatform.PostgresExporterBinary} is missing: install prometheus-postgres-exporter (scripts/setup.sh does); the dashboards read its pg_* metrics.");

        // What the running services export, and what Prometheus adds (up, scrape_*), after a scrape.
        var exported = new HashSet<string>(StringComparer.Ordinal) { "up" };
        foreach (var service in new[] { platform.ApiAddress, platform.WorkersAddress, platform.ExporterAddress! })
        {
            exported.UnionWith(MetricNames.InExposition(await platform.ScrapeAsync(service, Ct)));
        }
        // A request that the API answers with 5xx is not needed: the error-ratio query reads the same series as any request.
        Assert.Contains("http_server_request_duration_seconds_bucket", exported);

        var dashboards = Directory.GetFiles(Path.Combine(RepositoryFiles.Monitoring, "grafana", "dashboards"), "*.json").Order().ToList();
        Assert.True(dashboards.Count >= 3, $"expected at least 3 dashboards, found {dashboards.Count}");
        var unknown = new List<string>();
        var uids = new HashSet<string>();
        foreach (var file in dashboards)
        {
            using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(file, Ct)); // throws on invalid JSON
            var root = doc.RootElement;
            Assert.True(uids.Add(root.GetProperty("uid").GetString()!), $"{file}: duplicate uid");
            Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("title").GetString()));
            var queries = PrometheusQueries(root).ToList();
            Assert.True(queries.Count >= 5, $"{Path.GetFileName(file)} has only {queries.Count} Prometheus queries");
            foreach (var (panel, expr) in queries)
            {
                var names = MetricNames.InPromQl(expr).ToList();
                Assert.True(names.Count > 0, $"{Path.GetFileName(file)} / {panel}: no metric in '{expr}'");
                unknown.AddRange(names.Where(n => !exported.Contains(n)).Select(n => $"{Path.GetFileName(file)} / {panel}: {n}"));
            }
        }
        foreach (var rule in await RulesAsync())
        {
            unknown.AddRange(MetricNames.InPromQl(rule.Query).Where(n => !exported.Contains(n)).Select(n => $"alerts.yml / {rule.Name}: {n}"));
        }
        Assert.True(unknown.Count == 0, "Metrics not exported by the services:\n" + string.Join("\n", unknown.Distinct()));
    }

    private void FailIfMissing()
    {
        if (platform.Missing is not null)
        {
            Assert.Fail(platform.Missing);
        }
    }

    private static IEnumerable<(string Panel, string Expr)> PrometheusQueries(JsonElement dashboard)
    {
        foreach (var panel in dashboard.GetProperty("panels").EnumerateArray())
        {
            if (!panel.TryGetProperty("targets", out var targets))
            {
                continue;
            }
            var title = panel.GetProperty("title").GetString()!;
            foreach (var target in targets.EnumerateArray())
            {
                var ds = target.TryGetProperty("datasource", out var d) ? d : panel.GetProperty("datasource");
                if (ds.GetProperty("type").GetString() == "prometheus")
                {
                    yield return (title, target.GetProperty("expr").GetString()!);
                }
            }
        }
    }

    private async Task<Dictionary<string, decimal>> LatestDayCostByProviderAsync()
    {
        await using var connection = new NpgsqlConnection(platform.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var cmd = new NpgsqlCommand("""
            with days as (select (charge_period_start at time zone 'UTC')::date as day, provider_name, effective_cost from finops.billing_line_items)
            select provider_name, sum(effective_cost) from days where day = (select max(day) from days) group by 1
            """, connection);
        var result = new Dictionary<string, decimal>();
        await using var reader = await cmd.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            result[reader.GetString(0)] = reader.GetDecimal(1);
        }
        return result;
    }

    private sealed record Rule(string Name, string Query, string Health, string State, string? Error, DateTimeOffset LastEvaluation);

    private async Task<List<Rule>> RulesAsync()
    {
        var json = await platform.Http.GetStringAsync(new Uri(platform.PrometheusAddress, "/api/v1/rules"), Ct);
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("data").GetProperty("groups").EnumerateArray()
            .SelectMany(g => g.GetProperty("rules").EnumerateArray())
            .Select(r => new Rule(
                r.GetProperty("name").GetString()!,
                r.GetProperty("query").GetString()!,
                r.GetProperty("health").GetString()!,
                r.TryGetProperty("state", out var s) ? s.GetString()! : "",
                r.TryGetProperty("lastError", out var e) ? e.GetString() : null,
                r.TryGetProperty("lastEvaluation", out var t) ? t.GetDateTimeOffset() : DateTimeOffset.MinValue))
            .ToList();
    }

    /// <summary>Polls until the probe returns a value (scrapes and rule evaluations run every second).</summary>
    private async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, string what) where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(45);
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Prometheus never showed {what}. Workers output:\n{platform.WorkersOutput}");
            }
            await Task.Delay(500, Ct);
        }
    }
}
