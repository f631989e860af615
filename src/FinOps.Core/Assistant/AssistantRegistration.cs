using System.ClientModel;
using System.ComponentModel.DataAnnotations;
using FinOps.Core.Assistant.Language;
using FinOps.Core.Assistant.Llm;
using FinOps.Core.Assistant.Sql;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenAI;

namespace FinOps.Core.Assistant;

public static class AssistantRegistration
{
    /// <summary>
    /// Registers the cost assistant: <see cref="AssistantService"/> with its parser, vocabulary cache and
    /// guarded SQL runner, options from the <c>Assistant</c> section, and — when <c>Assistant:OpenAI:Endpoint</c>
    /// and <c>Model</c> are set — an OpenAI-compatible chat client (Microsoft.Extensions.AI) for questions
    /// outside the grammar. Needs the database registered first (<c>AddFinOpsData</c>).
    /// </summary>
    public static IHostApplicationBuilder AddAssistant(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AssistantOptions>()
            .BindConfiguration(AssistantOptions.Section)
            .Validate(o => Validator.TryValidateObject(o, new ValidationContext(o), null, validateAllProperties: true)
                    && Validator.TryValidateObject(o.OpenAI, new ValidationContext(o.OpenAI), null, validateAllProperties: true),
                "Assistant options out of range: see AssistantOptions for the limits.")
            .Validate(o => !o.OpenAI.IsConfigured || Uri.TryCreate(o.OpenAI.Endpoint, UriKind.Absolute, out _),
                "Assistant:OpenAI:Endpoint must be an absolute URL.")
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<SemanticParser>();
        builder.Services.TryAddSingleton<VocabularyLoader>();
        builder.Services.TryAddSingleton<ReadOnlySqlRunner>();
        builder.Services.TryAddSingleton(sp => CreateLanguageModel(sp.GetRequiredService<IOptions<AssistantOptions>>().Value.OpenAI));
        builder.Services.TryAddSingleton(sp => new AssistantService(
            sp.GetRequiredService<SemanticParser>(),
            sp.GetRequiredService<VocabularyLoader>(),
            sp.GetRequiredService<ReadOnlySqlRunner>(),
            sp.GetRequiredService<NpgsqlDataSource>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<AssistantOptions>>(),
            sp.GetRequiredService<ILogger<AssistantService>>(),
            sp.GetRequiredService<LanguageModel>().Generator));
        return builder;
    }

    /// <summary>The configured model, or none: the assistant works offline with the grammar alone.</summary>
    internal static LanguageModel CreateLanguageModel(AssistantOpenAIOptions o)
    {
        if (!o.IsConfigured)
        {
            return new LanguageModel(null);
        }
        var client = new OpenAI.Chat.ChatClient(o.Model!, new ApiKeyCredential(string.IsNullOrEmpty(o.ApiKey) ? "none" : o.ApiKey),
            new OpenAIClientOptions { Endpoint = new Uri(o.Endpoint!), NetworkTimeout = TimeSpan.FromSeconds(o.TimeoutSeconds) });
        return new LanguageModel(new LlmSqlGenerator(client.AsIChatClient(), o.Model!));
    }

    /// <summary>Holder so "no model configured" is a registered value rather than a missing service.</summary>
    internal sealed record LanguageModel(LlmSqlGenerator? Generator);
}
