using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using FinOps.Core.Assistant.Language;
using FinOps.Core.Assistant.Sql;
using Microsoft.Extensions.AI;

namespace FinOps.Core.Assistant.Llm;

/// <summary>
/// The optional path for questions outside the grammar: a schema-aware prompt (the curated views, the
/// values in the data, today's date) sent to an OpenAI-compatible chat model, whose SQL then goes through
/// exactly the same guard as the grammar's. The model is never trusted: what it writes is only text
/// until <see cref="SqlGuard"/> and the database have both accepted it.
/// </summary>
public sealed partial class LlmSqlGenerator(IChatClient client, string model)
{
    public string Model { get; } = model;

    public async Task<string> GenerateSqlAsync(string question, Vocabulary vocabulary, DateOnly today, CancellationToken ct)
    {
        var messages = new List<ChatMessage>
        {
            new(ChatRole.System, Prompt(vocabulary, today)),
            new(ChatRole.User, question),
        };
        var response = await client.GetResponseAsync(messages, new ChatOptions { Temperature = 0, MaxOutputTokens = 1200, ModelId = Model }, ct);
        return ExtractSql(response.Text);
    }

    /// <summary>The SQL in a reply: the first fenced block if there is one, else the whole reply.</summary>
    internal static string ExtractSql(string reply)
    {
        var fenced = Fence().Match(reply);
        return (fenced.Success ? fenced.Groups[1].Value : reply).Trim();
    }

    internal static string Prompt(Vocabulary vocabulary, DateOnly today)
    {
        var sb = new StringBuilder();
        sb.AppendLine("You translate questions about cloud costs into ONE PostgreSQL SELECT statement.");
        sb.AppendLine("Rules: read only the views below, schema-qualified (assistant.costs, …); one statement, no semicolons, no comments;");
        sb.AppendLine("use only aggregates, arithmetic, date and text functions; SUM amounts (rows are partial sums); never add different currencies;");
        sb.AppendLine($"default to effective_cost and currency '{vocabulary.DominantCurrency}'; round money to 2 decimals; give columns readable names;");
        sb.AppendLine("answer with the SQL only, in a ```sql block. If the question cannot be answered from these views, answer exactly: SELECT 'unanswerable' AS reason");
        sb.AppendLine(CultureInfo.InvariantCulture, $"Today is {today:yyyy-MM-dd} (UTC). Weeks start on Monday.");
        if (vocabulary.FirstDay is { } first && vocabulary.LastDay is { } last)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"Cost data covers {first:yyyy-MM-dd} to {last:yyyy-MM-dd}.");
        }
        sb.AppendLine();
        foreach (var view in AssistantSchema.Views)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"{view.QualifiedName}: {view.Description}");
            sb.AppendLine("  " + string.Join(", ", view.Columns.Select(c => c.Description.Length > 0 ? $"{c.Name} {c.Type} ({c.Description})" : $"{c.Name} {c.Type}")));
        }
        sb.AppendLine();
        void Values(string title, Dimension dimension, Func<VocabularyEntry, string> show)
        {
            var values = vocabulary.Entries.Where(e => e.Dimension == dimension).Select(show).Distinct().Take(80).ToList();
            if (values.Count > 0)
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"{title}: {string.Join("; ", values)}");
            }
        }
        Values("Services (service_name)", Dimension.Service, e => e.Value);
        Values("Accounts (sub_account_id = name)", Dimension.SubAccount, e => $"{e.Value} = {e.Label} ({e.Provider})");
        Values("Regions (region_id)", Dimension.Region, e => e.Value);
        Values("Providers (provider_name)", Dimension.Provider, e => e.Value);
        if (vocabulary.TagKeys.Count > 0)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"Tag keys (line_items.tags): {string.Join(", ", vocabulary.TagKeys)}");
        }
        return sb.ToString();
    }

    [GeneratedRegex(@"```(?:sql|postgresql|postgres)?\s*\n?(.*?)```", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Fence();
}
