using System.ComponentModel.DataAnnotations;

namespace FinOps.Core.Assistant;

/// <summary>Configuration section <c>Assistant</c>.</summary>
public sealed class AssistantOptions
{
    public const string Section = "Assistant";

    /// <summary>Longest question accepted, in characters; longer ones are refused with a 400.</summary>
    [Range(20, 10_000)]
    public int MaxQuestionLength { get; set; } = 500;

    /// <summary>Most rows a query may return; the answer says when it was cut.</summary>
    [Range(1, 100_000)]
    public int RowLimit { get; set; } = 1000;

    /// <summary>PostgreSQL <c>statement_timeout</c> of every assistant query.</summary>
    [Range(100, 600_000)]
    public int StatementTimeoutMs { get; set; } = 5000;

    /// <summary>How long the known values (services, accounts, regions, tags) are reused before they are read again.</summary>
    [Range(1, 86_400)]
    public int VocabularyRefreshSeconds { get; set; } = 120;

    /// <summary>The role every query runs as (<c>SET LOCAL ROLE</c>), created by the AssistantViews migration.</summary>
    [Required, RegularExpression("^[a-z_][a-z0-9_]{0,62}$")]
    public string ReaderRole { get; set; } = "finops_assistant_reader";

    public AssistantOpenAIOptions OpenAI { get; set; } = new();
}

/// <summary>
/// An OpenAI-compatible chat-completions endpoint for questions outside the grammar (<c>Assistant:OpenAI</c>).
/// The path is off unless <see cref="Endpoint"/> and <see cref="Model"/> are set.
/// </summary>
public sealed class AssistantOpenAIOptions
{
    /// <summary>Base address, e.g. <c>https://api.openai.com/v1</c> or a local server's <c>http://127.0.0.1:8080/v1</c>.</summary>
    public string? Endpoint { get; set; }

    public string? ApiKey { get; set; }

    public string? Model { get; set; }

    [Range(1, 300)]
    public int TimeoutSeconds { get; set; } = 30;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Endpoint) && !string.IsNullOrWhiteSpace(Model);
}
