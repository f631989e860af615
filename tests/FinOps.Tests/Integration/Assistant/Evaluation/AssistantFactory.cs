using FinOps.Core.Assistant;
using FinOps.Core.Assistant.Language;
using FinOps.Core.Assistant.Llm;
using FinOps.Core.Assistant.Sql;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace FinOps.Tests.Integration.Assistant.Evaluation;

/// <summary>The assistant wired by hand over one database, as <c>AddAssistant</c> wires it in the API.</summary>
public sealed class AssistantFactory : IAsyncDisposable
{
    public AssistantFactory(string connectionString, TimeProvider time, AssistantOptions? options = null, LlmSqlGenerator? llm = null)
    {
        DataSource = NpgsqlDataSource.Create(connectionString);
        var o = Microsoft.Extensions.Options.Options.Create(options ?? new AssistantOptions());
        Runner = new ReadOnlySqlRunner(DataSource, o, NullLogger<ReadOnlySqlRunner>.Instance);
        Vocabulary = new VocabularyLoader(DataSource, time, o, NullLogger<VocabularyLoader>.Instance);
        Service = new AssistantService(new SemanticParser(), Vocabulary, Runner, DataSource, time, o, NullLogger<AssistantService>.Instance, llm);
    }

    public NpgsqlDataSource DataSource { get; }
    public ReadOnlySqlRunner Runner { get; }
    public VocabularyLoader Vocabulary { get; }
    public AssistantService Service { get; }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
