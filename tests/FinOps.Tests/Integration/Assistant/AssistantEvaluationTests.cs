using FinOps.Tests.Infrastructure;
using FinOps.Tests.Integration.Assistant.Evaluation;

namespace FinOps.Tests.Integration.Assistant;

/// <summary>The demo dataset loaded once through the ingestion path, with the entity rows of the evaluation.</summary>
public sealed class EvaluationDatabase(PostgresServer server) : IAsyncLifetime
{
    public string ConnectionString { get; private set; } = "";
    public EvaluationData Data { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        ConnectionString = await server.CreateDatabaseAsync("assistanteval");
        Data = await EvaluationData.LoadAsync(ConnectionString, CancellationToken.None);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

public sealed class AssistantEvaluationTests(EvaluationDatabase db, ITestOutputHelper output) : IClassFixture<EvaluationDatabase>
{
    [Fact]
    public async Task Evaluation_set_has_enough_questions_of_every_kind()
    {
        Assert.True(EvaluationSet.Cases.Count >= 150, $"{EvaluationSet.Cases.Count} questions");
        Assert.Equal(EvaluationSet.Cases.Count, EvaluationSet.Cases.Select(c => c.Question).Distinct().Count());
        foreach (var category in new[] { "total", "service", "account", "group", "ranking", "growth", "tag", "anomalies", "recommendations", "forecast", "savings", "clarify", "unsupported" })
        {
            Assert.Contains(EvaluationSet.Cases, c => c.Category == category);
        }
        // Every expected answer is computed from data that is really there: no question is right by being empty.
        var empty = EvaluationSet.Cases.Where(c => c.Expect(db.Data) is { Kind: "answer", Rows: { Count: 0 } }).Select(c => c.Question).ToList();
        Assert.Equal(["forecast for S3 next month"], empty);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Assistant_answers_at_least_95_percent_of_the_evaluation_set_exactly()
    {
        await using var assistant = new AssistantFactory(db.ConnectionString, new FixedClock(EvaluationData.Now));
        var report = await EvaluationRunner.RunAsync(assistant.Service, db.Data, EvaluationSet.Cases, TestContext.Current.CancellationToken);
        output.WriteLine(report.Summary());
        output.WriteLine(report.Failures());
        Assert.True(report.Accuracy >= 0.95, report.Summary() + "\n" + report.Failures());
    }
}
