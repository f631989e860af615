using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FinOps.Tests.Infrastructure;
using FinOps.Tests.Integration.Forecasting;

namespace FinOps.Tests.Api.Forecasts;

public class ForecastsApiTests(PostgresServer postgres) : IAsyncLifetime
{
    private readonly ApiFactory api = new(postgres);

    public async ValueTask InitializeAsync()
    {
        await api.InitializeAsync();
        await ForecastingData.SeedAsync(api.ConnectionString);
    }

    public async ValueTask DisposeAsync() => await api.DisposeAsync();

    private async Task RunJobAsync()
    {
        using var host = ForecastingData.Host(api.ConnectionString, api.Time);
        await ForecastingData.RunJobAsync(host);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Total_forecast_has_history_points_with_nested_intervals_the_chosen_model_and_its_backtest()
    {
        await RunJobAsync();
        var client = api.CreateAdminClient();

        var body = await JsonAsync(await client.GetAsync("/api/v1/forecasts?historyDays=60", TestContext.Current.CancellationToken));

        Assert.Equal("ok", body.GetProperty("status").GetString());
        Assert.Equal("USD", body.GetProperty("currency").GetString());
        Assert.Equal("2026-11-19", body.GetProperty("asOf").GetString());
        var history = body.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(60, history.Count);
        Assert.Equal("2026-11-19", history[^1].GetProperty("day").GetString());
        var points = body.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(90, points.Count);
        Assert.Equal("2026-11-20", points[0].GetProperty("day").GetString());
        Assert.All(points, p => Assert.True(p.GetProperty("lower95").GetDecimal() <= p.GetProperty("lower80").GetDecimal()
            && p.GetProperty("upper80").GetDecimal() <= p.GetProperty("upper95").GetDecimal()));
        var model = body.GetProperty("model").GetString();
        var backtest = body.GetProperty("backtest").EnumerateArray().ToList();
        Assert.True(backtest.Count >= 5);
        var selected = Assert.Single(backtest, b => b.GetProperty("selected").GetBoolean());
        Assert.Equal(model, selected.GetProperty("model").GetString());
        Assert.Equal(backtest.Min(b => b.GetProperty("mase").GetDouble()), selected.GetProperty("mase").GetDouble());
        var november = body.GetProperty("months").EnumerateArray().First();
        Assert.Equal("2026-11-01", november.GetProperty("month").GetString());
        Assert.Equal(history.Where(h => string.CompareOrdinal(h.GetProperty("day").GetString(), "2026-11-01") >= 0).Sum(h => h.GetProperty("cost").GetDecimal()),
            november.GetProperty("actualToDate").GetDecimal());
    }

    [Fact]
    public async Task Month_end_shows_actual_to_date_forecast_with_intervals_previous_month_and_budgets()
    {
        var client = api.CreateAdminClient();
        var account = await client.PostAsJsonAsync("/api/v1/accounts",
            new { provider = "AWS", subAccountId = "111111111111", name = "Web shop", monthlyBudget = 1_000_000m, currency = "USD" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, account.StatusCode);
        await RunJobAsync();

        var body = await JsonAsync(await client.GetAsync("/api/v1/forecasts/month-end", TestContext.Current.CancellationToken));

        Assert.Equal("ok", body.GetProperty("status").GetString());
        Assert.Equal("2026-11-01", body.GetProperty("month").GetString());
        var actual = body.GetProperty("actualToDate").GetDecimal();
        var forecast = body.GetProperty("forecastMonthEnd").GetDecimal();
        Assert.True(actual > 0 && forecast > actual);
        Assert.True(body.GetProperty("lower95").GetDecimal() <= body.GetProperty("lower80").GetDecimal());
        Assert.True(body.GetProperty("lower80").GetDecimal() <= forecast && forecast <= body.GetProperty("upper80").GetDecimal());
        Assert.True(body.GetProperty("previousMonthTotal").GetDecimal() > 0);
        var budget = Assert.Single(body.GetProperty("accounts").EnumerateArray());
        Assert.Equal("111111111111", budget.GetProperty("subAccountId").GetString());
        Assert.Equal("on_track", budget.GetProperty("state").GetString());
        Assert.True(budget.GetProperty("probabilityOverBudget").GetDouble() < 0.01);
        Assert.Equal(1_000_000m, body.GetProperty("totalBudget").GetProperty("budget").GetDecimal());
    }

    [Fact]
    public async Task Short_history_says_not_enough_history_instead_of_numbers_and_unknown_scope_is_not_forecast()
    {
        await RunJobAsync();
        var client = api.CreateAdminClient();

        var bedrock = await JsonAsync(await client.GetAsync("/api/v1/forecasts?serviceName=Amazon%20Bedrock", TestContext.Current.CancellationToken));
        var unknown = await JsonAsync(await client.GetAsync("/api/v1/forecasts?subAccountId=999", TestContext.Current.CancellationToken));

        Assert.Equal("insufficient_history", bedrock.GetProperty("status").GetString());
        Assert.Contains("Not enough history: 20 days", bedrock.GetProperty("message").GetString());
        Assert.Empty(bedrock.GetProperty("points").EnumerateArray());
        Assert.Equal(20, bedrock.GetProperty("history").GetArrayLength());
        Assert.Equal("not_forecast", unknown.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Models_table_lists_every_scope_with_the_winner_and_the_seasonal_naive_baseline_per_currency()
    {
        await RunJobAsync();
        var client = api.CreateAdminClient();

        var usd = await JsonAsync(await client.GetAsync("/api/v1/forecasts/models", TestContext.Current.CancellationToken));
        var eur = await JsonAsync(await client.GetAsync("/api/v1/forecasts/models?currency=EUR", TestContext.Current.CancellationToken));

        var scopes = usd.GetProperty("scopes").EnumerateArray().ToList();
        Assert.True(scopes.Count >= 11);
        Assert.Equal(JsonValueKind.Null, scopes[0].GetProperty("subAccountId").ValueKind);
        Assert.All(scopes.Where(s => s.GetProperty("status").GetString() == "ok"),
            s => Assert.True(s.GetProperty("mase").GetDouble() <= s.GetProperty("seasonalNaiveMase").GetDouble()));
        Assert.Equal(scopes.Count(s => s.GetProperty("status").GetString() == "ok"), usd.GetProperty("wins").EnumerateObject().Sum(w => w.Value.GetInt32()));
        Assert.Equal(4, eur.GetProperty("scopes").GetArrayLength());
    }

    [Fact]
    public async Task Bad_currency_is_a_problem_and_anonymous_callers_are_refused()
    {
        var client = api.CreateAdminClient();

        var bad = await client.GetAsync("/api/v1/forecasts/month-end?currency=dollars", TestContext.Current.CancellationToken);
        var anonymous = await api.CreateClient(null).GetAsync("/api/v1/forecasts", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }
}
