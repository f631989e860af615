using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FinOps.Tests.Fixtures;
using FinOps.Tests.Infrastructure;
using FinOps.Tests.Integration.Ingestion;

namespace FinOps.Tests.Api.Ingestions;

public sealed class IngestionUploadTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Uploaded_focus_file_is_ingested_in_the_background_and_its_costs_reach_the_cost_views()
    {
        var client = api.CreateAdminClient();
        var ingestion = await UploadAndWaitAsync(client, SharedData.FocusSample, "focus_sample.csv");
        Assert.Equal("succeeded", ingestion.GetProperty("status").GetString());
        Assert.Equal(1000, ingestion.GetProperty("rowsLoaded").GetInt64());
        Assert.Equal("focus", ingestion.GetProperty("format").GetString());

        // What the user checks: the breakdown over the file's months equals the file, to the cent.
        var expected = SourceTotals.Rows(SharedData.FocusSample)
            .Where(r => r["BillingCurrency"] == "USD")
            .Sum(r => SourceTotals.Dec(r["EffectiveCost"]));
        var breakdown = await client.GetFromJsonAsync<JsonElement>(
            "/api/v1/costs/breakdown?from=2024-08-01&to=2024-11-30&groupBy=provider&currency=USD", TestContext.Current.CancellationToken);
        Assert.Equal(Math.Round(expected, 2), Math.Round(breakdown.GetProperty("total").GetDecimal(), 2));
        var providers = breakdown.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("key").GetString()).ToList();
        Assert.Contains("AWS", providers);

        var csv = await client.GetStringAsync("/api/v1/costs/export?from=2024-08-01&to=2024-11-30&groupBy=service&currency=USD", TestContext.Current.CancellationToken);
        var exported = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Sum(line => decimal.Parse(line.Split(',')[^2], CultureInfo.InvariantCulture));
        Assert.Equal(Math.Round(expected, 2), Math.Round(exported, 2));
    }

    [Fact]
    public async Task Bad_file_fails_with_row_and_column_and_leaves_previous_data_intact()
    {
        var client = api.CreateAdminClient();
        await UploadAndWaitAsync(client, SharedData.CurLegacy, "cur.csv");
        var before = await TotalAsync(client);

        // A FOCUS file whose third data row (spreadsheet row 4) has an unreadable cost.
        var bad = Path.Combine(Path.GetTempPath(), $"bad-focus-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(bad, """
            ProviderName,BillingAccountId,SubAccountId,ServiceName,BilledCost,EffectiveCost,BillingCurrency,ChargeCategory,ChargePeriodStart,ChargePeriodEnd,BillingPeriodStart,BillingPeriodEnd
            AWS,111,222,Amazon EC2,10.50,10.50,USD,Usage,2023-11-01T00:00:00Z,2023-11-02T00:00:00Z,2023-11-01T00:00:00Z,2023-12-01T00:00:00Z
            AWS,111,222,Amazon S3,1.25,1.25,USD,Usage,2023-11-01T00:00:00Z,2023-11-02T00:00:00Z,2023-11-01T00:00:00Z,2023-12-01T00:00:00Z
            AWS,111,222,Amazon RDS,12.5x,12.50,USD,Usage,2023-11-01T00:00:00Z,2023-11-02T00:00:00Z,2023-11-01T00:00:00Z,2023-12-01T00:00:00Z
            """, TestContext.Current.CancellationToken);
        try
        {
            var failed = await UploadAndWaitAsync(client, bad, "focus-broken.csv");
            Assert.Equal("failed", failed.GetProperty("status").GetString());
            var error = failed.GetProperty("errors").EnumerateArray().First();
            Assert.Equal(4, error.GetProperty("row").GetInt64());
            Assert.Equal("BilledCost", error.GetProperty("column").GetString());
            Assert.Equal(before, await TotalAsync(client));
        }
        finally
        {
            File.Delete(bad);
        }
    }

    [Fact]
    public async Task Upload_needs_analyst_and_a_file()
    {
        var viewerKey = await Accounts.AccountsApiTests.CreateKeyAsync(api.CreateAdminClient(), "viewer");
        using var form = new MultipartFormDataContent { { new StringContent("x"), "file", "a.csv" } };
        Assert.Equal(HttpStatusCode.Forbidden, (await api.CreateClient(viewerKey).PostAsync("/api/v1/ingestions", form, TestContext.Current.CancellationToken)).StatusCode);

        using var noFile = new MultipartFormDataContent { { new StringContent("focus"), "format" } };
        var response = await api.CreateAdminClient().PostAsync("/api/v1/ingestions", noFile, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.True(problem.GetProperty("errors").TryGetProperty("file", out _));

        using var badFormat = new MultipartFormDataContent { { new StringContent("excel"), "format" }, { new ByteArrayContent(Encoding.UTF8.GetBytes("a,b\n")), "file", "x.csv" } };
        var formatResponse = await api.CreateAdminClient().PostAsync("/api/v1/ingestions", badFormat, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, formatResponse.StatusCode);
    }

    private static async Task<decimal> TotalAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/v1/costs/breakdown?from=2023-01-01&to=2026-12-31&groupBy=provider&currency=USD"))
            .GetProperty("total").GetDecimal();

    internal static async Task<JsonElement> UploadAndWaitAsync(HttpClient client, string path, string fileName)
    {
        using var form = new MultipartFormDataContent();
        var file = new StreamContent(File.OpenRead(path));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", fileName);
        var response = await client.PostAsync("/api/v1/ingestions", form);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var ingestion = await client.GetFromJsonAsync<JsonElement>(location);
            var status = ingestion.GetProperty("status").GetString();
            if (status is "succeeded" or "failed" || DateTime.UtcNow > deadline)
            {
                return ingestion;
            }
            await Task.Delay(100);
        }
    }
}
