using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace FinOps.Tests.Deploy;

/// <summary>
/// The committed <c>deploy/compose</c> and <c>deploy/helm</c> are what <c>deploy/generate.sh</c> makes from
/// the AppHost's model, byte for byte, and they hold no secret. The regeneration runs the built AppHost
/// in publish mode once for the class.
/// </summary>
public sealed partial class GeneratedDeploymentTests(GeneratedDeploymentTests.Regenerated regenerated) : IClassFixture<GeneratedDeploymentTests.Regenerated>
{
    private static readonly string Compose = Path.Combine(RepositoryFiles.Deploy, "compose", "docker-compose.yaml");
    private static readonly string Chart = Path.Combine(RepositoryFiles.Deploy, "helm", "finops");

    [Fact]
    public void Regenerating_gives_exactly_the_committed_compose_and_helm_files()
    {
        foreach (var folder in new[] { "compose", "helm" })
        {
            var committed = Files(Path.Combine(RepositoryFiles.Deploy, folder));
            var generated = Files(Path.Combine(regenerated.Directory, folder));
            Assert.Equal(committed.Keys.Order(), generated.Keys.Order());
            foreach (var (path, bytes) in generated)
            {
                Assert.True(bytes.AsSpan().SequenceEqual(committed[path]),
                    $"deploy/{folder}/{path} differs from the generated file: run deploy/generate.sh deploy and commit the result.");
            }
        }
    }

    [Fact]
    public void Compose_runs_the_services_with_health_checks_and_secrets_only_as_variables()
    {
        var services = ComposeServices();
        foreach (var name in new[] { "api", "workers", "frontend", "postgres", "migrations", "prometheus", "grafana", "loki" })
        {
            Assert.True(services.ContainsKey(name), $"service {name} is missing");
        }
        foreach (var name in new[] { "api", "workers", "frontend" })
        {
            var test = string.Join(" ", ((YamlSequenceNode)Map(services[name], "healthcheck")["test"]).Select(n => n.ToString()));
            Assert.Contains("http://127.0.0.1:8080/health", test);
        }
        Assert.Equal("service_completed_successfully", Scalar(Map(Map(services["api"], "depends_on"), "migrations"), "condition"));
        Assert.Equal("migrate", ((YamlSequenceNode)services["migrations"]["command"]).Single().ToString());

        var env = Scalar(Map(services["api"], "environment"), "ConnectionStrings__finops");
        Assert.Contains("Password=${POSTGRES_PASSWORD:?", env);
        foreach (var name in new[] { "api", "workers", "migrations" })
        {
            Assert.Equal("${POSTGRES_SSLMODE:-require}", Scalar(Map(services[name], "environment"), "Database__SslMode"));
        }

        // Every setting whose name says secret is a ${VARIABLE} without a default (or an optional empty one).
        foreach (var (service, node) in services)
        {
            if (!node.Children.TryGetValue("environment", out var environment))
            {
                continue;
            }
            foreach (var (key, value) in ((YamlMappingNode)environment).Children)
            {
                var name = key.ToString();
                var text = value.ToString();
                if (SecretName().IsMatch(name))
                {
                    Assert.Matches(@"^\$\{[A-Z_]+(:\?[^}]*|:-)?\}$", text);
                }
                foreach (Match password in PasswordInConnectionString().Matches(text))
                {
                    Assert.StartsWith("${", password.Groups[1].Value);
                }
            }
        }
    }

    [Fact]
    public async Task No_secret_the_apphost_generated_on_this_machine_appears_in_the_deployment_files()
    {
        // The AppHost keeps its generated parameters (admin key, passwords) in user secrets: none may leak.
        var secretsFile = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData), "Microsoft", "UserSecrets", "finops-apphost", "secrets.json");
        var secrets = new List<string> { "fo_apphost-test-admin-key-0123456789", "apphost-test-password" };
        if (File.Exists(secretsFile))
        {
            using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(secretsFile, TestContext.Current.CancellationToken));
            secrets.AddRange(doc.RootElement.EnumerateObject().Select(p => p.Value.ToString()).Where(v => v.Length >= 12));
        }
        foreach (var file in Directory.EnumerateFiles(RepositoryFiles.Deploy, "*", SearchOption.AllDirectories))
        {
            var text = await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken);
            foreach (var secret in secrets)
            {
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{file} contains a secret value");
            }
        }
    }

    [Fact]
    public void Helm_chart_has_the_workloads_scaling_probes_ingress_and_a_migration_hook()
    {
        var templates = Path.Combine(Chart, "templates");
        var api = File.ReadAllText(Path.Combine(templates, "api.yaml"));
        var workers = File.ReadAllText(Path.Combine(templates, "workers.yaml"));
        foreach (var text in new[] { api, workers })
        {
            Assert.Contains("kind: Deployment", text);
            Assert.Contains("kind: HorizontalPodAutoscaler", text);
            Assert.Contains("kind: PodDisruptionBudget", text);
            Assert.Contains("httpGet: { path: /health, port: http }", text);
            Assert.Contains("httpGet: { path: /alive, port: http }", text);
            Assert.Contains("resources:", text);
            Assert.Contains("secretKeyRef:", text);
        }
        var migrations = File.ReadAllText(Path.Combine(templates, "migrations.yaml"));
        Assert.Contains("kind: Job", migrations);
        Assert.Contains("\"helm.sh/hook\": pre-install,pre-upgrade", migrations);
        Assert.Contains("- \"migrate\"", migrations);
        Assert.Contains("kind: Ingress", File.ReadAllText(Path.Combine(templates, "ingress.yaml")));
        Assert.Contains("kind: ConfigMap", File.ReadAllText(Path.Combine(templates, "grafana.yaml")));

        // The Secret holds template actions only: values come from .Values or an existing Secret.
        var secret = File.ReadAllText(Path.Combine(templates, "secret.yaml"));
        var data = secret[(secret.IndexOf("stringData:", StringComparison.Ordinal) + "stringData:".Length)..];
        foreach (var line in data.Split('\n').Where(l => l.StartsWith("  ", StringComparison.Ordinal)))
        {
            Assert.Matches(@"^  [a-z-]+: \{\{.*\}\}$", line);
        }
    }

    [Fact]
    public void Helm_templates_are_balanced_yaml_and_refer_only_to_values_that_exist()
    {
        var values = LoadYaml(File.ReadAllText(Path.Combine(Chart, "values.yaml")));
        LoadYaml(File.ReadAllText(Path.Combine(Chart, "Chart.yaml")));
        var problems = new List<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(Chart, "templates"), "*.yaml").Order())
        {
            var text = File.ReadAllText(file);
            var name = Path.GetFileName(file);
            var opened = BlockOpen().Matches(text).Count;
            var closed = BlockEnd().Matches(text).Count;
            if (opened != closed)
            {
                problems.Add($"{name}: {opened} if/with/range/define blocks but {closed} ends");
            }
            foreach (Match m in ValuesPath().Matches(text))
            {
                if (!HasPath(values, m.Groups[1].Value.Split('.')))
                {
                    problems.Add($"{name}: .Values.{m.Groups[1].Value} is not in values.yaml");
                }
            }
            // Without its template actions each document must still be YAML.
            var stripped = string.Join('\n', text.Split('\n')
                .Where(l => !ActionOnlyLine().IsMatch(l))
                .Select(l => Action().Replace(l, "x")));
            try
            {
                var parser = new Parser(new StringReader(stripped));
                while (parser.MoveNext())
                {
                }
            }
            catch (YamlException e)
            {
                problems.Add($"{name}: not YAML once template actions are removed: {e.Message}");
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static Dictionary<string, YamlMappingNode> ComposeServices()
    {
        var root = (YamlMappingNode)LoadYaml(File.ReadAllText(Compose));
        return ((YamlMappingNode)root["services"]).Children.ToDictionary(kv => kv.Key.ToString(), kv => (YamlMappingNode)kv.Value);
    }

    private static YamlMappingNode Map(YamlMappingNode node, string key) => (YamlMappingNode)node[key];

    private static string Scalar(YamlMappingNode node, string key) => node[key].ToString();

    private static YamlNode LoadYaml(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents[0].RootNode;
    }

    private static bool HasPath(YamlNode node, string[] path)
    {
        foreach (var segment in path)
        {
            if (node is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(segment), out var next))
            {
                return false;
            }
            node = next;
        }
        return true;
    }

    private static Dictionary<string, byte[]> Files(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) != ".env") // an operator's own settings, never committed
            .ToDictionary(f => Path.GetRelativePath(root, f).Replace('\\', '/'), File.ReadAllBytes);

    [GeneratedRegex("(PASSWORD|PASS|SECRET|TOKEN|ADMINKEY|_KEY)$", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();

    [GeneratedRegex("Password=([^;\"]*)")]
    private static partial Regex PasswordInConnectionString();

    [GeneratedRegex(@"\{\{-?\s*(if|with|range|define)\b")]
    private static partial Regex BlockOpen();

    [GeneratedRegex(@"\{\{-?\s*end\s*-?\}\}")]
    private static partial Regex BlockEnd();

    [GeneratedRegex(@"\.Values\.([A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*)")]
    private static partial Regex ValuesPath();

    [GeneratedRegex(@"^\s*\{\{-?[^}]*-?\}\}\s*$")]
    private static partial Regex ActionOnlyLine();

    [GeneratedRegex(@"\{\{-?.*?-?\}\}")]
    private static partial Regex Action();

    /// <summary>Runs deploy/generate.sh into a temporary folder with the AppHost as built for the tests.</summary>
    public sealed class Regenerated : IAsyncLifetime
    {
        public string Directory { get; private set; } = "";

        public async ValueTask InitializeAsync()
        {
            Directory = System.IO.Directory.CreateTempSubdirectory("finops-generate-").FullName;
            var (exitCode, output) = await RepositoryFiles.RunAsync("bash", [Path.Combine(RepositoryFiles.Deploy, "generate.sh"), Directory],
                new Dictionary<string, string?> { ["FINOPS_GENERATE_NO_BUILD"] = "1" }, timeout: TimeSpan.FromMinutes(3));
            Assert.True(exitCode == 0, $"deploy/generate.sh failed ({exitCode}):\n{output}");
        }

        public ValueTask DisposeAsync()
        {
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (IOException)
            {
            }
            return ValueTask.CompletedTask;
        }
    }
}
