using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.RegularExpressions;
using FinOps.Core.Assistant.Language;
using FinOps.Core.Assistant.Llm;
using FinOps.Core.Assistant.Sql;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FinOps.Core.Assistant;

/// <summary>
/// Answers a plain-English cost question: validates it, reads it with the <see cref="SemanticParser"/>
/// (or, for questions outside the grammar and when a model is configured, with <see cref="LlmSqlGenerator"/>),
/// compiles the reading to SQL, runs it through <see cref="ReadOnlySqlRunner"/> and says what it found.
/// Ambiguous questions get a clarifying question; out-of-reach ones get examples; never a guess.
/// </summary>
public sealed partial class AssistantService(
    SemanticParser parser,
    VocabularyLoader vocabulary,
    ReadOnlySqlRunner runner,
    NpgsqlDataSource dataSource,
    TimeProvider time,
    IOptions<AssistantOptions> options,
    ILogger<AssistantService> logger,
    LlmSqlGenerator? llm = null)
{
    public const string TelemetryName = "FinOps.Assistant";
    private static readonly ActivitySource Activity = new(TelemetryName);
    private static readonly Meter Meter = new(TelemetryName);
    private static readonly Counter<long> Questions = Meter.CreateCounter<long>("finops.assistant.questions", description: "Questions asked, by kind of reply and source");
    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("finops.assistant.duration", "ms", "Time to answer a question");

    public bool LanguageModelConfigured => llm is not null;

    public async Task<AssistantAnswer> AskAsync(string? question, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        using var activity = Activity.StartActivity("assistant.ask");
        var text = Validate(question);
        var answer = await AnswerAsync(text, ct);
        activity?.SetTag("assistant.kind", answer.Kind);
        activity?.SetTag("assistant.source", answer.Understood.Source);
        Questions.Add(1, new("kind", answer.Kind), new("source", answer.Understood.Source));
        Duration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>("kind", answer.Kind));
        return answer;
    }

    private string Validate(string? question)
    {
        if (string.IsNullOrWhiteSpace(question))
        {
            throw new DomainValidationException("question", "Ask a question, e.g. \"What did we spend on EC2 last month?\".");
        }
        var max = options.Value.MaxQuestionLength;
        if (question.Length > max)
        {
            throw new DomainValidationException("question", $"The question is {question.Length} characters long; the limit is {max}.");
        }
        var normalized = QuestionText.Normalize(question);
        if (LooksLikeSql(normalized))
        {
            throw new AssistantRefusedException(
                "The assistant answers questions in plain English; it does not run SQL or statements typed in the question, and it never changes data.");
        }
        return question.Trim();
    }

    /// <summary>Statements, statement separators, comments and calls to server functions typed into the question.</summary>
    internal static bool LooksLikeSql(string normalized) => SqlShape().IsMatch(normalized);

    [GeneratedRegex(
        @"(;\s*\w)|(--)|(/\*)|(\*/)|(\bpg_\w+\s*\()|(\bselect\s+(\*|distinct\b|[\w.]+\s*,\s*[\w.]+|\w+\s*\())|(\bfrom\s+[a-z_]+\.[a-z_]+)|(\bunion\s+(all\s+)?select\b)" +
        @"|\b(insert\s+into|delete\s+from|update\s+[\w.]+\s+set|drop\s+(table|schema|database|view|role|user|function|index|owned)|alter\s+(table|role|user|system|database|view)" +
        @"|truncate\s+(table\s+)?[\w.]+|copy\s+[\w.]+\s+(to|from)|copy\s*\(|create\s+(table|role|user|function|extension|schema|view|index)|grant\s+\w+\s+(on|to)\b|revoke\s+\w+" +
        @"|set\s+(role|session|local)|reset\s+role|vacuum|call\s+\w+\s*\(|do\s+\$|execute\s+\w+|lo_import|lo_export|dblink\w*\s*\()")]
    private static partial Regex SqlShape();

    private async Task<AssistantAnswer> AnswerAsync(string question, CancellationToken ct)
    {
        var vocab = await vocabulary.GetAsync(ct);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var result = parser.Parse(question, vocab, today);
        switch (result)
        {
            case Parsed parsed:
                return await AnswerParsedAsync(parsed, question, vocab, today, ct);
            case NeedsClarification clarification when clarification.Options.Count == 0 && llm is not null:
                return await AnswerWithModelAsync(question, vocab, today, ct);
            case NeedsClarification clarification:
                return Clarify(clarification.Message, clarification.Options);
            case NotUnderstood notUnderstood when llm is not null && !notUnderstood.Message.StartsWith("I only read", StringComparison.Ordinal):
                return await AnswerWithModelAsync(question, vocab, today, ct);
            case NotUnderstood notUnderstood:
                return Unsupported(notUnderstood.Message);
            default:
                return Unsupported("I did not understand the question.");
        }
    }

    private async Task<AssistantAnswer> AnswerParsedAsync(Parsed parsed, string question, Vocabulary vocab, DateOnly today, CancellationToken ct)
    {
        var plan = parsed.Plan;
        if (parsed.ResourceTerms.Count > 0)
        {
            var filters = plan.Filters.ToList();
            foreach (var term in parsed.ResourceTerms)
            {
                var found = await FindResourcesAsync(term, vocab, ct);
                if (found.Count == 0)
                {
                    return llm is not null
                        ? await AnswerWithModelAsync(question, vocab, today, ct)
                        : Clarify($"I found no resource, service or account named \"{term}\" in your data. Could you check the name?", []);
                }
                if (found.Count > 1)
                {
                    return Clarify($"\"{term}\" matches several resources: {string.Join(", ", found)}. Which one did you mean?", found);
                }
                filters.Add(new Filter(Dimension.Resource, found, term));
            }
            plan = plan with { Filters = filters };
        }
        CompiledQuery compiled;
        try
        {
            compiled = SqlCompiler.Compile(plan);
        }
        catch (PlanNotSupportedException e)
        {
            return Clarify(e.Message, []);
        }
        var rows = await runner.RunAsync(compiled.Sql, ct);
        var understood = AnswerComposer.Describe(plan);
        return new AssistantAnswer(AnswerComposer.Answer(plan, rows), compiled.Sql, rows.Columns, rows.Rows, rows.Rows.Count > 0 ? compiled.Chart : null,
            understood, AnswerKinds.Answer, [], rows.Truncated);
    }

    /// <summary>Resources whose id or name is the term, or whose id ends with it (an instance id inside an ARN).</summary>
    private async Task<List<string>> FindResourcesAsync(string term, Vocabulary vocab, CancellationToken ct)
    {
        if (vocab.LastDay is not { } last)
        {
            return [];
        }
        await using var cmd = dataSource.CreateCommand("""
            select resource_id from assistant.line_items
            where charge_period_start >= $2 and resource_id is not null
              and (lower(resource_id) = $1 or lower(resource_name) = $1 or right(lower(resource_id), length($1) + 1) in ('/' || $1, ':' || $1))
            group by resource_id order by resource_id limit 6
            """);
        cmd.Parameters.AddWithValue(term.ToLowerInvariant());
        cmd.Parameters.AddWithValue(new DateTimeOffset(last.AddDays(-95).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        var list = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            list.Add(reader.GetString(0));
        }
        return list;
    }

    private async Task<AssistantAnswer> AnswerWithModelAsync(string question, Vocabulary vocab, DateOnly today, CancellationToken ct)
    {
        string sql;
        try
        {
            sql = await llm!.GenerateSqlAsync(question, vocab, today, ct);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException or System.ClientModel.ClientResultException
            && !ct.IsCancellationRequested)
        {
            logger.LogWarning(e, "The language model did not answer");
            return Unsupported("That is outside what I understand on my own, and the language model did not answer.");
        }
        var result = await runner.RunAsync(sql, ct);
        if (result.Columns is ["reason"] && result.Rows is [["unanswerable"]])
        {
            return Unsupported("The language model found no way to answer that from the cost data.");
        }
        var understood = new Understood("llm", $"Answered by the language model ({llm.Model}) with generated SQL: check the SQL before relying on it.",
            Dimensions: [], Filters: [], Assumptions: ["The SQL was written by a language model and passed the same guard as every query."]);
        var answer = result.Rows.Count switch
        {
            0 => "The generated query returned no rows.",
            1 when result.Columns.Count == 1 => $"{result.Columns[0]}: {result.Rows[0][0]}.",
            _ => $"The generated query returned {result.Rows.Count} row(s){(result.Truncated ? " (cut at the row limit)" : "")}.",
        };
        return new AssistantAnswer(answer, sql, result.Columns, result.Rows, GuessChart(result), understood, AnswerKinds.Answer, [], result.Truncated);
    }

    /// <summary>A chart for generated SQL, from the shape of the result: a label or date column and numeric columns.</summary>
    private static ChartSpec? GuessChart(SqlResult result)
    {
        if (result.Rows.Count < 2 || result.Columns.Count < 2)
        {
            return null;
        }
        var numeric = Enumerable.Range(0, result.Columns.Count).Where(i => result.Rows.All(r => r[i] is null or decimal or long or int or double)).ToList();
        var label = Enumerable.Range(0, result.Columns.Count).FirstOrDefault(i => !numeric.Contains(i), -1);
        if (label < 0 || numeric.Count == 0)
        {
            return null;
        }
        var isDate = result.Rows.All(r => r[label] is string s && DateOnly.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, out _));
        return new ChartSpec(isDate ? "line" : "bar", result.Columns[label], numeric.Take(3).Select(i => result.Columns[i]).ToList());
    }

    private static AssistantAnswer Clarify(string message, IReadOnlyList<string> options) =>
        new(message, null, [], [], null, Understood.Nothing("grammar", "The question is ambiguous or names something unknown."), AnswerKinds.Clarification, options);

    private static AssistantAnswer Unsupported(string why) =>
        new($"{why} I can answer questions like: {string.Join(" · ", SemanticParser.Examples.Take(5))}", null, [], [], null,
            Understood.Nothing("grammar", "Not a question the assistant can answer."), AnswerKinds.Unsupported, SemanticParser.Examples);
}
