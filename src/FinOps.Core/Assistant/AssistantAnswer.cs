using FinOps.Core.Assistant.Sql;

namespace FinOps.Core.Assistant;

/// <summary>Kinds of answer: a result, a question back, or "I can answer questions like …".</summary>
public static class AnswerKinds
{
    public const string Answer = "answer";
    public const string Clarification = "clarification";
    public const string Unsupported = "unsupported";
}

/// <summary>
/// The assistant's reply (ARCHITECTURE §11): a one-line answer, the SQL that ran, the result as columns and
/// rows (numbers as JSON numbers), how to chart it, and what was understood; plus the kind of reply and
/// suggestions (clarifying options or example questions).
/// </summary>
public sealed record AssistantAnswer(
    string Answer,
    string? Sql,
    IReadOnlyList<string> Columns,
    IReadOnlyList<object?[]> Rows,
    ChartSpec? Chart,
    Understood Understood,
    string Kind,
    IReadOnlyList<string> Suggestions,
    bool Truncated = false);

/// <summary>A filter as read: the dimension, the values really in the data, and the words they were matched from.</summary>
public sealed record UnderstoodFilter(string Dimension, IReadOnlyList<string> Values, string MatchedFrom, string? TagKey = null);

public sealed record UnderstoodPeriod(DateOnly From, DateOnly To, string Label);

public sealed record UnderstoodRanking(int Limit, string Order);

/// <summary>The reading of the question, so a user can see and correct it.</summary>
public sealed record Understood(
    string Source,
    string Summary,
    string? Intent = null,
    string? Measure = null,
    IReadOnlyList<string>? Dimensions = null,
    IReadOnlyList<UnderstoodFilter>? Filters = null,
    UnderstoodPeriod? Period = null,
    UnderstoodPeriod? ComparedWith = null,
    UnderstoodRanking? Ranking = null,
    string? Currency = null,
    IReadOnlyList<string>? Assumptions = null,
    string? Granularity = null)
{
    public static Understood Nothing(string source, string summary) => new(source, summary, Dimensions: [], Filters: [], Assumptions: []);
}
