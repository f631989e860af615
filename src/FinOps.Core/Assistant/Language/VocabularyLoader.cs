using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FinOps.Core.Assistant.Language;

/// <summary>
/// Reads the values the parser may match (services, accounts, regions, providers, categories, tags,
/// instance types) from the curated views, adds the names people use for them (EC2, S3, GCS, …), and
/// keeps them for <see cref="AssistantOptions.VocabularyRefreshSeconds"/>. A stale copy is served while a
/// fresh one loads, so only the very first question waits for it.
/// </summary>
public sealed class VocabularyLoader(NpgsqlDataSource dataSource, TimeProvider time, IOptions<AssistantOptions> options, ILogger<VocabularyLoader> logger)
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly Lock refreshLock = new();
    private Vocabulary? current;
    private DateTimeOffset loadedAt;
    private Task? refreshing;

    /// <summary>Names people use for services, mapped to the names providers put in their bills.</summary>
    internal static readonly (string Alias, string[] Services)[] ServiceAliases =
    [
        ("ec2", ["Amazon Elastic Compute Cloud", "Amazon EC2", "AmazonEC2", "Amazon Elastic Compute Cloud - Compute"]),
        ("amazon ec2", ["Amazon Elastic Compute Cloud", "Amazon EC2", "AmazonEC2", "Amazon Elastic Compute Cloud - Compute"]),
        ("s3", ["Amazon Simple Storage Service", "Amazon S3", "AmazonS3"]),
        ("amazon s3", ["Amazon Simple Storage Service", "Amazon S3", "AmazonS3"]),
        ("rds", ["Amazon Relational Database Service", "Amazon RDS", "AmazonRDS"]),
        ("amazon rds", ["Amazon Relational Database Service", "Amazon RDS", "AmazonRDS"]),
        ("lambda", ["AWS Lambda", "Lambda"]),
        ("cloudfront", ["Amazon CloudFront"]),
        ("cloud front", ["Amazon CloudFront"]),
        ("dynamodb", ["Amazon DynamoDB"]),
        ("dynamo", ["Amazon DynamoDB"]),
        ("dynamo db", ["Amazon DynamoDB"]),
        ("ebs", ["Amazon Elastic Block Store", "Amazon EBS"]),
        ("eks", ["Amazon Elastic Kubernetes Service", "Amazon EKS"]),
        ("ecs", ["Amazon Elastic Container Service", "Amazon ECS"]),
        ("elb", ["Elastic Load Balancing", "AWS Elastic Load Balancing"]),
        ("cloudwatch", ["AmazonCloudWatch", "Amazon CloudWatch"]),
        ("vpc", ["Amazon Virtual Private Cloud", "Amazon VPC"]),
        ("redshift", ["Amazon Redshift"]),
        ("sqs", ["Amazon Simple Queue Service", "Amazon SQS"]),
        ("sns", ["Amazon Simple Notification Service", "Amazon SNS"]),
        ("kms", ["AWS Key Management Service"]),
        ("efs", ["Amazon Elastic File System", "Amazon EFS"]),
        ("elasticache", ["Amazon ElastiCache"]),
        ("route 53", ["Amazon Route 53"]),
        ("route53", ["Amazon Route 53"]),
        ("azure vms", ["Virtual Machines"]),
        ("azure vm", ["Virtual Machines"]),
        ("azure virtual machines", ["Virtual Machines"]),
        ("blob storage", ["Storage"]),
        ("azure storage", ["Storage"]),
        ("azure blob storage", ["Storage"]),
        ("azure sql", ["Azure SQL Database", "SQL Database"]),
        ("azure sql database", ["Azure SQL Database", "SQL Database"]),
        ("log analytics", ["Log Analytics"]),
        ("aks", ["Azure Kubernetes Service"]),
        ("cosmos", ["Azure Cosmos DB"]),
        ("cosmos db", ["Azure Cosmos DB"]),
        ("cosmosdb", ["Azure Cosmos DB"]),
        ("gce", ["Compute Engine"]),
        ("google compute engine", ["Compute Engine"]),
        ("gcs", ["Cloud Storage"]),
        ("google cloud storage", ["Cloud Storage"]),
        ("gcp storage", ["Cloud Storage"]),
        ("bq", ["BigQuery"]),
        ("big query", ["BigQuery"]),
        ("google bigquery", ["BigQuery"]),
        ("gke", ["Kubernetes Engine", "Google Kubernetes Engine"]),
        ("support", ["AWS Support (Business)", "AWS Support (Developer)", "AWS Support (Enterprise)", "Azure Support Plan", "Google Cloud Support"]),
        ("support plans", ["AWS Support (Business)", "AWS Support (Developer)", "AWS Support (Enterprise)", "Azure Support Plan", "Google Cloud Support"]),
    ];

    private static readonly (string Provider, string[] Forms)[] ProviderAliases =
    [
        ("AWS", ["aws", "amazon", "amazon web services"]),
        ("Microsoft", ["azure", "microsoft", "microsoft azure"]),
        ("Google Cloud", ["gcp", "google", "google cloud", "google cloud platform"]),
        ("Oracle", ["oci", "oracle", "oracle cloud"]),
    ];

    private static readonly Dictionary<string, string[]> RegionNames = new(StringComparer.Ordinal)
    {
        ["us-east-1"] = ["n virginia", "north virginia", "northern virginia", "virginia"],
        ["us-east-2"] = ["ohio"],
        ["us-west-1"] = ["n california", "northern california", "california"],
        ["us-west-2"] = ["oregon"],
        ["eu-west-1"] = ["ireland"],
        ["eu-west-2"] = ["london"],
        ["eu-west-3"] = ["paris"],
        ["eu-central-1"] = ["frankfurt"],
        ["ap-southeast-1"] = ["singapore"],
        ["ap-southeast-2"] = ["sydney"],
        ["ap-northeast-1"] = ["tokyo"],
        ["ap-south-1"] = ["mumbai"],
        ["eastus"] = ["east us"],
        ["eastus2"] = ["east us 2"],
        ["westus"] = ["west us"],
        ["westus2"] = ["west us 2"],
        ["westeurope"] = ["west europe"],
        ["northeurope"] = ["north europe"],
        ["us-central1"] = ["iowa"],
        ["us-east1"] = ["south carolina"],
        ["europe-west1"] = ["belgium"],
        ["europe-west4"] = ["netherlands"],
        ["asia-east1"] = ["taiwan"],
    };

    private static readonly Dictionary<string, string[]> TagKeySynonyms = new(StringComparer.Ordinal)
    {
        ["env"] = ["environment"],
        ["environment"] = ["env"],
        ["app"] = ["application"],
        ["application"] = ["app"],
        ["cost_center"] = ["cost centre", "costcenter"],
        ["costcenter"] = ["cost center"],
    };

    private static readonly string[] VendorPrefixes = ["amazon ", "aws ", "azure ", "google cloud ", "google ", "microsoft "];

    public async Task<Vocabulary> GetAsync(CancellationToken ct)
    {
        var refresh = TimeSpan.FromSeconds(options.Value.VocabularyRefreshSeconds);
        if (current is { } cached)
        {
            if (time.GetUtcNow() - loadedAt > refresh && refreshing is null or { IsCompleted: true })
            {
                lock (refreshLock)
                {
                    if (refreshing is not null && !refreshing.IsCompleted)
                    {
                        return cached;
                    }
                    refreshing = Task.Run(async () =>
                    {
                        try
                        {
                            await ReloadAsync(CancellationToken.None);
                        }
                        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
                        {
                            logger.LogWarning(e, "Refreshing the assistant's vocabulary failed; the previous one stays in use");
                        }
                    }, CancellationToken.None);
                }
            }
            return cached;
        }
        await gate.WaitAsync(ct);
        try
        {
            return current ?? await ReloadAsync(ct);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Forgets the cached values (after a load of new data, or in tests).</summary>
    public void Invalidate() => current = null;

    private async Task<Vocabulary> ReloadAsync(CancellationToken ct)
    {
        var entries = new List<VocabularyEntry>();
        string currency = "USD";
        DateOnly? first = null, last = null;
        var tagKeys = new List<string>();
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var batch = new NpgsqlBatch(conn)
        {
            BatchCommands =
            {
                new("select service_name, max(service_category), min(provider_name), count(distinct provider_name) from assistant.costs where service_name is not null group by 1"),
                new("""
                    select c.provider_name, c.sub_account_id, max(c.sub_account_name), max(a.name)
                    from assistant.costs c left join assistant.accounts a on a.provider_name = c.provider_name and a.sub_account_id = c.sub_account_id
                    where c.sub_account_id is not null group by 1, 2
                    """),
                new("select region_id, min(provider_name) from assistant.costs where region_id is not null group by 1"),
                new("select provider_name from assistant.costs where provider_name is not null group by 1"),
                new("select service_category from assistant.costs where service_category is not null group by 1"),
                new("select currency, min(day), max(day) from assistant.costs group by 1 order by sum(abs(effective_cost)) desc"),
                new("""
                    select t.key, t.value from assistant.line_items li cross join lateral jsonb_each_text(li.tags) t
                    where li.tags is not null
                      and li.charge_period_start >= (((select max(day) from assistant.costs) - 35)::timestamp at time zone 'UTC')
                    group by 1, 2
                    """),
                new("""
                    select instance_type from assistant.line_items
                    where instance_type is not null and instance_type <> ''
                      and charge_period_start >= (((select max(day) from assistant.costs) - 35)::timestamp at time zone 'UTC')
                    group by 1
                    """),
            },
        };
        await using (var r = await batch.ExecuteReaderAsync(ct))
        {
            var present = new HashSet<string>(StringComparer.Ordinal);
            var services = new List<(string Name, string? Category, string? Provider, long Providers)>();
            while (await r.ReadAsync(ct))
            {
                services.Add((r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetInt64(3)));
                present.Add(r.GetString(0));
            }
            foreach (var s in services)
            {
                var forms = new List<string> { Vocabulary.NormalizeForm(s.Name) };
                var lower = forms[0];
                foreach (var prefix in VendorPrefixes)
                {
                    if (lower.StartsWith(prefix, StringComparison.Ordinal) && lower.Length > prefix.Length)
                    {
                        var rest = lower[prefix.Length..];
                        if (rest.Split(' ').Any(w => !Lexicon.Generic.Contains(w)))
                        {
                            forms.Add(rest);
                        }
                    }
                }
                var aliases = ServiceAliases.Where(a => a.Services.Contains(s.Name, StringComparer.Ordinal)).Select(a => a.Alias).ToList();
                entries.Add(new VocabularyEntry(Dimension.Service, s.Name, s.Name, s.Providers == 1 ? s.Provider : null, forms, AliasForms: aliases));
            }

            await r.NextResultAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var provider = r.IsDBNull(0) ? null : r.GetString(0);
                var id = r.GetString(1);
                var name = r.IsDBNull(3) ? r.IsDBNull(2) ? id : r.GetString(2) : r.GetString(3);
                var forms = new[] { id, r.IsDBNull(2) ? null : r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3) }
                    .OfType<string>().Select(Vocabulary.NormalizeForm).Where(f => f.Length > 0).Distinct().ToList();
                entries.Add(new VocabularyEntry(Dimension.SubAccount, id, name, provider, forms));
            }

            await r.NextResultAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var id = r.GetString(0);
                var forms = new List<string> { Vocabulary.NormalizeForm(id) };
                if (RegionNames.TryGetValue(id, out var names))
                {
                    forms.AddRange(names);
                }
                entries.Add(new VocabularyEntry(Dimension.Region, id, id, r.IsDBNull(1) ? null : r.GetString(1), forms));
            }

            await r.NextResultAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var name = r.GetString(0);
                var forms = new List<string> { Vocabulary.NormalizeForm(name) };
                forms.AddRange(ProviderAliases.Where(p => p.Provider.Equals(name, StringComparison.OrdinalIgnoreCase)).SelectMany(p => p.Forms));
                entries.Add(new VocabularyEntry(Dimension.Provider, name, name, name, forms.Distinct().ToList()));
            }

            await r.NextResultAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var name = r.GetString(0);
                var form = Vocabulary.NormalizeForm(name);
                var forms = new List<string> { form, Lexicon.Singular(form) };
                if (!form.EndsWith('s'))
                {
                    forms.Add(form + "s");
                }
                entries.Add(new VocabularyEntry(Dimension.ServiceCategory, name, name, null, forms.Distinct().ToList()));
            }

            await r.NextResultAsync(ct);
            var firstCurrency = true;
            while (await r.ReadAsync(ct))
            {
                if (firstCurrency)
                {
                    currency = r.GetString(0);
                    first = r.IsDBNull(1) ? null : r.GetFieldValue<DateOnly>(1);
                    last = r.IsDBNull(2) ? null : r.GetFieldValue<DateOnly>(2);
                    firstCurrency = false;
                }
            }

            await r.NextResultAsync(ct);
            var tags = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            while (await r.ReadAsync(ct))
            {
                var key = r.GetString(0);
                (tags.TryGetValue(key, out var values) ? values : tags[key] = []).Add(r.GetString(1));
            }
            foreach (var (key, values) in tags)
            {
                if (values.Count > 500)
                {
                    continue; // an id-like tag (one value per resource) is not something to match words against
                }
                tagKeys.Add(key);
                foreach (var value in values)
                {
                    var form = Vocabulary.NormalizeForm(value);
                    if (form.Length > 0)
                    {
                        entries.Add(new VocabularyEntry(Dimension.Tag, value, value, null, [form], TagKey: key));
                    }
                }
            }

            await r.NextResultAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var type = r.GetString(0);
                entries.Add(new VocabularyEntry(Dimension.InstanceType, type, type, null, [Vocabulary.NormalizeForm(type)]));
            }
        }
        var vocabulary = new Vocabulary(entries, currency, tagKeys, first, last);
        // Stamp before publishing so a reader never sees a fresh vocabulary with an old time and reloads again.
        loadedAt = time.GetUtcNow();
        current = vocabulary;
        logger.LogDebug("Assistant vocabulary loaded: {Entries} values", entries.Count);
        return vocabulary;
    }

    /// <summary>The phrases that name a tag key: its name with spaces, and common synonyms.</summary>
    internal static IEnumerable<string> TagKeyForms(string key)
    {
        yield return Vocabulary.NormalizeForm(key);
        if (TagKeySynonyms.TryGetValue(key.ToLowerInvariant(), out var synonyms))
        {
            foreach (var s in synonyms)
            {
                yield return s;
            }
        }
    }
}
