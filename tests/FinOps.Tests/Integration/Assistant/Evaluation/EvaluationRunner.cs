using System.Diagnostics;
using System.Globalization;
using System.Text;
using FinOps.Core.Assistant;

namespace FinOps.Tests.Integration.Assistant.Evaluation;

/// <summary>The outcome of one question: right or wrong, why, and how long the answer took.</summary>
public sealed record EvalOutcome(EvalCase Case, bool Correct, string Detail, double Milliseconds, string? Sql);

/// <summary>Accuracy over the set and answer-time percentiles of the questions the grammar answered.</summary>
public sealed record EvalReport(IReadOnlyList<EvalOutcome> Outcomes)
{
    public int Correct => Outcomes.Count(o => o.Correct);
    public double Accuracy => Outcomes.Count == 0 ? 0 : (double)Correct / Outcomes.Count;

    public double Percentile(double p)
    {
        var times = Outcomes.Select(o => o.Milliseconds).Order().ToList();
        if (times.Count == 0)
        {
            return 0;
        }
        var rank = (int)Math.Ceiling(p / 100 * times.Count) - 1;
        return times[Math.Clamp(rank, 0, times.Count - 1)];
    }

    public string Summary() => string.Create(CultureInfo.InvariantCulture,
        $"accuracy {Correct}/{Outcomes.Count} = {Accuracy:P1}; answer time p50 {Percentile(50):F1} ms, p95 {Percentile(95):F1} ms, max {Percentile(100):F1} ms");

    public string Failures()
    {
        var sb = new StringBuilder();
        foreach (var o in Outcomes.Where(o => !o.Correct))
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"[{o.Case.Category}] {o.Case.Question}\n    {o.Detail}");
        }
        return sb.ToString();
    }
}

/// <summary>Asks every question of <see cref="EvaluationSet"/> through <see cref="AssistantService"/> and compares results cell by cell.</summary>
public static class EvaluationRunner
{
    public static async Task<EvalReport> RunAsync(AssistantService assistant, EvaluationData data, IEnumerable<EvalCase> cases, CancellationToken ct)
    {
        var outcomes = new List<EvalOutcome>();
        foreach (var c in cases)
        {
            var expected = c.Expect(data);
            var started = Stopwatch.GetTimestamp();
            AssistantAnswer? answer = null;
            string? error = null;
            try
            {
                answer = await assistant.AskAsync(c.Question, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                error = $"{e.GetType().Name}: {e.Message}";
            }
            var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var (ok, detail) = error is not null ? (false, error) : Compare(expected, answer!);
            outcomes.Add(new EvalOutcome(c, ok, detail, ms, answer?.Sql));
        }
        return new EvalReport(outcomes);
    }

    private static (bool, string) Compare(Expected expected, AssistantAnswer answer)
    {
        if (answer.Kind != expected.Kind)
        {
            return (false, $"expected a {expected.Kind}, got a {answer.Kind}: {answer.Answer}");
        }
        if (expected.Rows is null)
        {
            return (true, answer.Answer);
        }
        if (answer.Rows.Count != expected.Rows.Count)
        {
            return (false, $"expected {expected.Rows.Count} row(s), got {answer.Rows.Count}: {Show(expected.Rows.Take(3))} vs {Show(answer.Rows.Take(3))}\n    SQL: {answer.Sql?.Replace("\n", " ")}");
        }
        for (var i = 0; i < expected.Rows.Count; i++)
        {
            var (e, a) = (expected.Rows[i], answer.Rows[i]);
            if (e.Length != a.Length || !e.Zip(a).All(p => Same(p.First, p.Second)))
            {
                return (false, $"row {i}: expected {Show([e])}, got {Show([a])}\n    SQL: {answer.Sql?.Replace("\n", " ")}");
            }
        }
        return (true, answer.Answer);
    }

    private static bool Same(object? expected, object? actual)
    {
        if (expected is null || actual is null)
        {
            return expected is null && actual is null;
        }
        if (IsNumber(expected) && IsNumber(actual))
        {
            return Convert.ToDecimal(expected, CultureInfo.InvariantCulture) == Convert.ToDecimal(actual, CultureInfo.InvariantCulture);
        }
        return Equals(expected, actual) || expected.ToString() == actual.ToString();
    }

    private static bool IsNumber(object o) => o is decimal or long or int or double or float;

    private static string Show(IEnumerable<object?[]> rows) =>
        "[" + string.Join("; ", rows.Select(r => string.Join(", ", r.Select(v => v is null ? "null" : Convert.ToString(v, CultureInfo.InvariantCulture))))) + "]";
}
