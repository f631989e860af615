namespace FinOps.Tests.Integration.Assistant.Evaluation;

/// <summary>What a question must produce: a kind of reply and, for answers, exactly these rows.</summary>
public sealed record Expected(string Kind, IReadOnlyList<object?[]>? Rows = null);

/// <summary>One evaluation question and the independent computation of its expected result.</summary>
public sealed record EvalCase(string Category, string Question, Func<EvaluationData, Expected> Expect);

/// <summary>
/// The evaluation set: questions a FinOps practitioner asks, each with its expected result computed here in C#
/// from the raw CSV rows and entity lists of <see cref="EvaluationData"/> — never by running the assistant's SQL.
/// Today is Tuesday 15 Sep 2026; the bills run from 18 May to 14 Sep 2026.
/// </summary>
public static class EvaluationSet
{
    private static readonly DateOnly T = EvaluationData.Today;

    // Periods, as a FinOps user means them on 15 Sep 2026.
    private static readonly (DateOnly, DateOnly) LastMonth = (new(2026, 8, 1), new(2026, 8, 31));
    private static readonly (DateOnly, DateOnly) July = (new(2026, 7, 1), new(2026, 7, 31));
    private static readonly (DateOnly, DateOnly) June = (new(2026, 6, 1), new(2026, 6, 30));
    private static readonly (DateOnly, DateOnly) ThisMonth = (new(2026, 9, 1), T);
    private static readonly (DateOnly, DateOnly) Last7 = (T.AddDays(-7), T.AddDays(-1));
    private static readonly (DateOnly, DateOnly) Prev7 = (T.AddDays(-14), T.AddDays(-8));
    private static readonly (DateOnly, DateOnly) Last14 = (T.AddDays(-14), T.AddDays(-1));
    private static readonly (DateOnly, DateOnly) Last30 = (T.AddDays(-30), T.AddDays(-1));
    private static readonly (DateOnly, DateOnly) LastWeek = (new(2026, 9, 7), new(2026, 9, 13));
    private static readonly (DateOnly, DateOnly) ThisQuarter = (new(2026, 7, 1), T);
    private static readonly (DateOnly, DateOnly) Yesterday = (T.AddDays(-1), T.AddDays(-1));

    private const string Ec2 = "Amazon Elastic Compute Cloud";
    private const string S3 = "Amazon Simple Storage Service";
    private const string Staging = "345678901234";

    public static IReadOnlyList<EvalCase> Cases { get; } = Build();

    private static List<EvalCase> Build()
    {
        var c = new List<EvalCase>();
        void Add(string category, string question, Func<EvaluationData, Expected> expect) => c.Add(new EvalCase(category, question, expect));

        // ---------------------------------------------------------------- totals over periods
        Add("total", "How much did we spend last month?", d => Total(d, LastMonth));
        Add("total", "What was our total cost in July 2026?", d => Total(d, July));
        Add("total", "Total spend this month", d => Total(d, ThisMonth));
        Add("total", "month to date spend", d => Total(d, ThisMonth));
        Add("total", "What did we spend yesterday?", d => Total(d, Yesterday));
        Add("total", "How much did we spend in the last 7 days?", d => Total(d, Last7));
        Add("total", "Spend over the last 30 days", d => Total(d, Last30));
        Add("total", "What did we spend last week?", d => Total(d, LastWeek));
        Add("total", "cost in 2026-08", d => Total(d, LastMonth));
        Add("total", "How much have we spent since August?", d => Total(d, (new(2026, 8, 1), T)));
        Add("total", "total cost this quarter", d => Total(d, ThisQuarter));
        Add("total", "How much did we spend in June 2026?", d => Total(d, June));
        Add("total", "What did we spend from 2026-08-01 to 2026-08-15?", d => Total(d, (new(2026, 8, 1), new(2026, 8, 15))));
        Add("total", "What were our costs on 2026-09-01?", d => Total(d, (new(2026, 9, 1), new(2026, 9, 1))));
        Add("total", "spend year to date", d => Total(d, (new(2026, 1, 1), T)));
        Add("total", "cost in the last 3 months", d => Total(d, (new(2026, 6, 1), new(2026, 8, 31))));
        Add("total", "How much did we spend last quarter?", d => Total(d, (new(2026, 4, 1), new(2026, 6, 30))));
        Add("total", "What did we spend between July 1 and July 15?", d => Total(d, (new(2026, 7, 1), new(2026, 7, 15))));
        Add("total", "costs in the past 2 weeks", d => Total(d, Last14));
        Add("total", "What did we spend this week?", d => Total(d, (new(2026, 9, 14), T)));

        // ---------------------------------------------------------------- measures
        Add("measure", "billed cost last month", d => Total(d, LastMonth, m: b => b.Billed));
        Add("measure", "What was our list cost in August?", d => Total(d, LastMonth, m: List));
        Add("measure", "amortized cost last month", d => Total(d, LastMonth));
        Add("measure", "invoiced amount for July 2026", d => Total(d, July, m: b => b.Billed));
        Add("measure", "How much would EC2 have cost at list price last month?", d => Total(d, LastMonth, b => b.Service == Ec2, List));
        Add("measure", "billed cost by provider in August", d => Group(d, LastMonth, null, b => [b.Provider], m: b => b.Billed));

        // ---------------------------------------------------------------- services by the names people use
        foreach (var (phrase, service) in new[]
        {
            ("EC2", Ec2), ("S3", S3), ("RDS", "Amazon Relational Database Service"), ("Lambda", "AWS Lambda"), ("CloudFront", "Amazon CloudFront"),
            ("DynamoDB", "Amazon DynamoDB"), ("Azure VMs", "Virtual Machines"), ("virtual machines", "Virtual Machines"), ("Azure SQL", "Azure SQL Database"),
            ("Log Analytics", "Log Analytics"), ("Compute Engine", "Compute Engine"), ("GCE", "Compute Engine"), ("GCS", "Cloud Storage"),
            ("BigQuery", "BigQuery"), ("Cloud SQL", "Cloud SQL"), ("Cloud Run", "Cloud Run"), ("Amazon Simple Storage Service", S3),
            ("elastic compute", Ec2), ("bigqurey", "BigQuery"), ("cloudfrnt", "Amazon CloudFront"),
        })
        {
            Add("service", $"How much did we spend on {phrase} last month?", d => Total(d, LastMonth, b => b.Service == service));
        }
        Add("service", "EC2 and S3 costs in August", d => Group(d, LastMonth, b => b.Service is Ec2 or S3, b => [b.Service]));
        Add("service", "support costs last month", d => Group(d, LastMonth, b => b.Service.Contains("Support"), b => [b.Service]));

        // ---------------------------------------------------------------- accounts
        Add("account", "How much did acme-staging spend in August?", d => Total(d, LastMonth, b => b.SubAccountId == Staging));
        Add("account", "acme-sandbox costs last month", d => Total(d, LastMonth, b => b.SubAccountId == "567890123456"));
        Add("account", "What did the Dev/Test subscription cost last month?", d => Total(d, LastMonth, b => b.SubAccountName == "Dev/Test"));
        Add("account", "Acme ML spend this month", d => Total(d, ThisMonth, b => b.SubAccountId == "acme-ml"));
        Add("account", "cost of account 345678901234 last month", d => Total(d, LastMonth, b => b.SubAccountId == Staging));
        Add("account", "Acme Production costs in July 2026", d => Total(d, July, b => b.SubAccountId == "acme-prod" && b.Provider == "Google Cloud"));
        Add("account", "AWS acme-prod spend last month", d => Total(d, LastMonth, b => b.SubAccountId == "210987654321"));
        Add("account", "Production subscription costs last month", d => Total(d, LastMonth, b => b.SubAccountName == "Production"));
        Add("account", "How much did acme-staging spend on S3 in August?", d => Total(d, LastMonth, b => b.SubAccountId == Staging && b.Service == S3));
        Add("account", "How much did acme-staging spend on EC2 in July?", d => Total(d, July, b => b.SubAccountId == Staging && b.Service == Ec2));
        Add("account", "Google Cloud acme-data costs last month", d => Total(d, LastMonth, b => b.SubAccountId == "acme-data"));
        Add("account", "acme-staging spend by service last month", d => Group(d, LastMonth, b => b.SubAccountId == Staging, b => [b.Service]));

        // ---------------------------------------------------------------- providers
        Add("provider", "AWS spend last month", d => Total(d, LastMonth, b => b.Provider == "AWS"));
        Add("provider", "Azure costs in August", d => Total(d, LastMonth, b => b.Provider == "Microsoft"));
        Add("provider", "How much did we spend on GCP this month?", d => Total(d, ThisMonth, b => b.Provider == "Google Cloud"));
        Add("provider", "Google Cloud costs last week", d => Total(d, LastWeek, b => b.Provider == "Google Cloud"));
        Add("provider", "cost by provider last month", d => Group(d, LastMonth, null, b => [b.Provider]));
        Add("provider", "cost by cloud this quarter", d => Group(d, ThisQuarter, null, b => [b.Provider]));

        // ---------------------------------------------------------------- regions
        Add("region", "us-east-1 costs last month", d => Total(d, LastMonth, b => b.Region == "us-east-1"));
        Add("region", "spend in eu-west-1 in August", d => Total(d, LastMonth, b => b.Region == "eu-west-1"));
        Add("region", "EC2 in us-west-2 last month", d => Total(d, LastMonth, b => b.Service == Ec2 && b.Region == "us-west-2"));
        Add("region", "cost by region last month", d => Group(d, LastMonth, null, b => [b.Region]));
        Add("region", "Which region cost the most last month?", d => Group(d, LastMonth, null, b => [b.Region], limit: 1));
        Add("region", "Oregon spend last month", d => Total(d, LastMonth, b => b.Region == "us-west-2"));
        Add("region", "westeurope costs this month by service", d => Group(d, ThisMonth, b => b.Region == "westeurope", b => [b.Service]));

        // ---------------------------------------------------------------- group by
        Add("group", "What did we spend on EC2 last month by account?", d => GroupAccount(d, LastMonth, b => b.Service == Ec2));
        Add("group", "cost by service last month", d => Group(d, LastMonth, null, b => [b.Service]));
        Add("group", "spend per account in August", d => GroupAccount(d, LastMonth, null));
        Add("group", "costs by service category last month", d => Group(d, LastMonth, null, b => [b.ServiceCategory]));
        Add("group", "cost by charge category last month", d => Group(d, LastMonth, null, b => [b.ChargeCategory]));
        Add("group", "Azure spend by subscription last month", d => GroupAccount(d, LastMonth, b => b.Provider == "Microsoft"));
        Add("group", "GCP cost by project in July 2026", d => GroupAccount(d, July, b => b.Provider == "Google Cloud"));
        Add("group", "breakdown of S3 cost by region last month", d => Group(d, LastMonth, b => b.Service == S3, b => [b.Region]));
        Add("group", "AWS cost by service and region last month", d => Group(d, LastMonth, b => b.Provider == "AWS", b => [b.Service, b.Region]));
        Add("group", "compute costs by provider last month", d => Group(d, LastMonth, b => b.ServiceCategory == "Compute", b => [b.Provider]));
        Add("group", "databases spend in July by service", d => Group(d, July, b => b.ServiceCategory == "Databases", b => [b.Service]));

        // ---------------------------------------------------------------- ranking
        Add("ranking", "Top 3 services by cost in June 2026", d => Group(d, June, null, b => [b.Service], limit: 3));
        Add("ranking", "top 5 accounts last month", d => GroupAccount(d, LastMonth, null, limit: 5));
        Add("ranking", "top 10 services this month", d => Group(d, ThisMonth, null, b => [b.Service], limit: 10));
        Add("ranking", "What was our most expensive service last month?", d => Group(d, LastMonth, null, b => [b.Service], limit: 1));
        Add("ranking", "Which account spent the most in August?", d => GroupAccount(d, LastMonth, null, limit: 1));
        Add("ranking", "the 3 cheapest services last month", d => Group(d, LastMonth, null, b => [b.Service], limit: 3, descending: false));
        Add("ranking", "bottom 3 regions by cost last month", d => Group(d, LastMonth, null, b => [b.Region], limit: 3, descending: false));
        Add("ranking", "top 2 providers this quarter", d => Group(d, ThisQuarter, null, b => [b.Provider], limit: 2));
        Add("ranking", "Top 5 resources by cost last month", d => GroupResource(d, LastMonth, null, 5));
        Add("ranking", "most expensive EC2 instances in August", d => GroupResource(d, LastMonth, b => b.Service == Ec2 && b.InstanceType is not null, 5));
        Add("ranking", "Which service cost the most yesterday?", d => Group(d, Yesterday, null, b => [b.Service], limit: 1));
        Add("ranking", "top 3 Azure services last month", d => Group(d, LastMonth, b => b.Provider == "Microsoft", b => [b.Service], limit: 3));

        // ---------------------------------------------------------------- time series
        Add("series", "daily cost last week", d => Series(d, LastWeek, null, "day"));
        Add("series", "Daily cost of BigQuery over the last 14 days", d => Series(d, Last14, b => b.Service == "BigQuery", "day"));
        Add("series", "monthly spend since June", d => Series(d, (new(2026, 6, 1), T), null, "month"));
        Add("series", "EC2 spend by month this quarter", d => Series(d, ThisQuarter, b => b.Service == Ec2, "month"));
        Add("series", "weekly cost last month", d => Series(d, LastMonth, null, "week"));
        Add("series", "cost trend for S3 last month", d => Series(d, LastMonth, b => b.Service == S3, "day"));
        Add("series", "daily spend by provider last week", d => Series(d, LastWeek, null, "day", b => [b.Provider]));

        // ---------------------------------------------------------------- growth and comparisons
        Add("growth", "Which services grew most week over week?", d => Growth(d, Prev7, Last7, null, b => [b.Service], Order.Increase, 10));
        Add("growth", "Which accounts grew most month over month?", d => Growth(d, July, LastMonth, null, AccountKey, Order.Increase, 10, account: true));
        Add("growth", "Which service decreased the most week over week?", d => Growth(d, Prev7, Last7, null, b => [b.Service], Order.Decrease, 1));
        Add("growth", "How did EC2 spend change month over month?", d => Growth(d, July, LastMonth, b => b.Service == Ec2, null, Order.Change, null));
        Add("growth", "Compare this month with last month", d => Growth(d, LastMonth, ThisMonth, null, null, Order.Current, null));
        Add("growth", "August vs July spend by service", d => Growth(d, July, LastMonth, null, b => [b.Service], Order.Current, null));
        Add("growth", "Which regions grew the most last month?", d => Growth(d, July, LastMonth, null, b => [b.Region], Order.Increase, 10));
        Add("growth", "cost change by provider week over week", d => Growth(d, Prev7, Last7, null, b => [b.Provider], Order.Change, 10));
        Add("growth", "Which services grew most in August compared to July?", d => Growth(d, July, LastMonth, null, b => [b.Service], Order.Increase, 10));
        Add("growth", "week over week change in BigQuery cost", d => Growth(d, Prev7, Last7, b => b.Service == "BigQuery", null, Order.Change, null));
        Add("growth", "top 3 services by growth month over month", d => Growth(d, July, LastMonth, null, b => [b.Service], Order.Increase, 3));
        Add("growth", "How did AWS costs change last week compared to the previous period?", d => Growth(d, (new(2026, 8, 31), new(2026, 9, 6)), LastWeek, b => b.Provider == "AWS", null, Order.Change, null));

        // ---------------------------------------------------------------- tags
        Add("tag", "Cost by team last month", d => Group(d, LastMonth, null, b => [Tag(b, "team")]));
        Add("tag", "How much did the payments team spend last month?", d => Total(d, LastMonth, b => Tag(b, "team") == "payments"));
        Add("tag", "team=search costs in August", d => Total(d, LastMonth, b => Tag(b, "team") == "search"));
        Add("tag", "top 3 apps by cost in August", d => Group(d, LastMonth, null, b => [Tag(b, "app")], limit: 3));
        Add("tag", "cost center CC-103 spend last month", d => Total(d, LastMonth, b => Tag(b, "cost_center") == "CC-103"));
        Add("tag", "cost by env this month", d => Group(d, ThisMonth, null, b => [Tag(b, "env")]));
        Add("tag", "checkout app cost last month", d => Total(d, LastMonth, b => Tag(b, "app") == "checkout"));
        Add("tag", "spend by cost center in July 2026", d => Group(d, July, null, b => [Tag(b, "cost_center")]));
        Add("tag", "EC2 cost for the ml team last month", d => Total(d, LastMonth, b => b.Service == Ec2 && Tag(b, "team") == "ml"));

        // ---------------------------------------------------------------- charge categories
        Add("charge", "How much tax did we pay last month?", d => Total(d, LastMonth, b => b.ChargeCategory == "Tax"));
        Add("charge", "fees in August", d => Total(d, LastMonth, b => b.ChargeCategory == "Purchase"));
        Add("charge", "purchases this quarter", d => Total(d, ThisQuarter, b => b.ChargeCategory == "Purchase"));
        Add("charge", "usage charges last month", d => Total(d, LastMonth, b => b.ChargeCategory == "Usage"));
        Add("charge", "credits last month", d => Total(d, LastMonth, b => b.ChargeCategory == "Credit"));
        Add("charge", "taxes by provider this quarter", d => Group(d, ThisQuarter, b => b.ChargeCategory == "Tax", b => [b.Provider]));

        // ---------------------------------------------------------------- resources, instance types, usage quantity
        Add("resource", "cost by instance type last month", d => Group(d, LastMonth, null, b => [b.InstanceType]));
        Add("resource", "m5.large cost last month", d => Total(d, LastMonth, b => b.InstanceType == "m5.large"));
        Add("resource", "EC2 cost by instance type in August", d => Group(d, LastMonth, b => b.Service == Ec2, b => [b.InstanceType]));
        Add("resource", "How much did amazonelasticcomputecloud-dev-03 cost last month?", d => Total(d, LastMonth, b => b.ResourceName == "amazonelasticcomputecloud-dev-03"));
        Add("resource", "EC2 usage hours last month", d => Usage(d, LastMonth, b => b.Service == Ec2));
        Add("resource", "How many hours of RDS did we use in August?", d => Usage(d, LastMonth, b => b.Service == "Amazon Relational Database Service"));
        Add("resource", "top 3 Compute Engine instances by cost this month", d => GroupResource(d, ThisMonth, b => b.Service == "Compute Engine" && b.InstanceType is not null, 3));

        // ---------------------------------------------------------------- anomalies
        Add("anomalies", "Show open anomalies over $500", d => AnomalyList(d, a => a.Status == "open" && a.Impact > 500));
        Add("anomalies", "How many anomalies were detected last month?", d => AnomalyCount(d, a => In(a.Day, LastMonth)));
        Add("anomalies", "List critical anomalies", d => AnomalyList(d, a => a.Severity == "critical"));
        Add("anomalies", "anomalies for BigQuery", d => AnomalyList(d, a => a.Service == "BigQuery"));
        Add("anomalies", "top 3 anomalies by impact", d => AnomalyList(d, _ => true, 3));
        Add("anomalies", "total anomaly impact this month", d => AnomalyCount(d, a => In(a.Day, ThisMonth)));
        Add("anomalies", "anomalies by service", d => AnomalyGroup(d, a => a.Service));
        Add("anomalies", "resolved anomalies", d => AnomalyList(d, a => a.Status == "resolved"));
        Add("anomalies", "anomalies in acme-staging", d => AnomalyList(d, a => a.SubAccountId == Staging));
        Add("anomalies", "high severity anomalies this month", d => AnomalyList(d, a => a.Severity == "high" && In(a.Day, ThisMonth)));
        Add("anomalies", "open anomalies in AWS", d => AnomalyList(d, a => a.Status == "open" && a.Provider == "AWS"));
        Add("anomalies", "How many open anomalies are there?", d => AnomalyCount(d, a => a.Status == "open"));
        Add("anomalies", "spikes in us-east-1", d => AnomalyList(d, a => a.Region == "us-east-1"));
        Add("anomalies", "false positive anomalies", d => AnomalyList(d, a => a.Status == "false_positive"));
        Add("anomalies", "anomalies over $1,000 in the last 30 days", d => AnomalyList(d, a => a.Impact > 1000 && In(a.Day, Last30)));
        Add("anomalies", "open anomaly impact by severity", d => AnomalyGroup(d, a => a.Severity, a => a.Status == "open"));

        // ---------------------------------------------------------------- recommendations
        Add("recommendations", "Top 5 idle instances by savings", d => RecList(d, r => r.Status == "open" && r.Type.StartsWith("idle_", StringComparison.Ordinal), 5));
        Add("recommendations", "How much could we save?", d => RecSum(d, r => r.Status == "open"));
        Add("recommendations", "potential savings by account", d => RecGroup(d, r => r.SubAccountId, r => r.Status == "open"));
        Add("recommendations", "open rightsizing recommendations", d => RecList(d, r => r.Status == "open" && r.Type == "rightsize"));
        Add("recommendations", "How many recommendations are open?", d => RecSum(d, r => r.Status == "open"));
        Add("recommendations", "unattached storage recommendations", d => RecList(d, r => r.Status == "open" && r.Type == "unattached_storage"));
        Add("recommendations", "recommendations for acme-ml", d => RecList(d, r => r.Status == "open" && r.SubAccountId == "acme-ml"));
        Add("recommendations", "potential savings by type", d => RecGroup(d, r => r.Type, r => r.Status == "open"));
        Add("recommendations", "applied recommendations", d => RecList(d, r => r.Status == "applied"));
        Add("recommendations", "rightsizing recommendations in AWS", d => RecList(d, r => r.Status == "open" && r.Type == "rightsize" && r.Provider == "AWS"));
        Add("recommendations", "Top 3 recommendations by savings", d => RecList(d, r => r.Status == "open", 3));
        Add("recommendations", "idle recommendations over $100", d => RecList(d, r => r.Status == "open" && r.Type.StartsWith("idle_", StringComparison.Ordinal) && r.Savings > 100));
        Add("recommendations", "idle instances to stop", d => RecList(d, r => r.Status == "open" && r.Type == "idle_stop"));

        // ---------------------------------------------------------------- forecasts
        Add("forecast", "What's the forecast for the end of the month?", d => MonthEnd(d, null, null));
        Add("forecast", "projected spend for this month", d => MonthEnd(d, null, null));
        Add("forecast", "forecast for next month", d => ForecastRange(d, null, null, (new(2026, 10, 1), new(2026, 10, 31))));
        Add("forecast", "forecast for the next 7 days", d => ForecastDaily(d, null, null, (T, T.AddDays(6))));
        Add("forecast", "EC2 forecast for the end of the month", d => MonthEnd(d, null, Ec2));
        Add("forecast", "forecast for acme-staging next month", d => ForecastRange(d, Staging, null, (new(2026, 10, 1), new(2026, 10, 31))));
        Add("forecast", "daily forecast", d => ForecastDaily(d, null, null, (T, new(2026, 9, 30))));
        Add("forecast", "forecast for S3 next month", _ => new Expected("answer", []));

        // ---------------------------------------------------------------- realized savings
        Add("savings", "How much have we saved so far?", d => SavingSum(d, s => s.Validated));
        Add("savings", "realized savings by type", d => SavingGroup(d, s => s.Validated));
        Add("savings", "all realized savings", d => SavingSum(d, _ => true));
        Add("savings", "unvalidated savings", d => SavingSum(d, s => !s.Validated));
        Add("savings", "top 2 realized savings", d => SavingList(d, s => s.Validated, 2));

        // ---------------------------------------------------------------- ask back or decline, never guess
        Add("clarify", "How much did acme-prod spend last month?", _ => new Expected("clarification"));
        Add("clarify", "acme-data costs in August", _ => new Expected("clarification"));
        Add("clarify", "What did we spend on storage last month?", _ => new Expected("clarification"));
        Add("clarify", "Analytics spend last month", _ => new Expected("clarification"));
        Add("clarify", "Kubernetes costs last month", _ => new Expected("clarification"));
        Add("clarify", "How much did Oracle cost last month?", _ => new Expected("clarification"));
        Add("clarify", "EC2 idle recommendations", _ => new Expected("clarification"));
        Add("clarify", "sql spend last month", _ => new Expected("clarification"));
        Add("unsupported", "What is the weather in Paris?", _ => new Expected("unsupported"));
        Add("unsupported", "Delete all anomalies", _ => new Expected("unsupported"));
        Add("unsupported", "Tell me a joke", _ => new Expected("unsupported"));
        Add("unsupported", "hello", _ => new Expected("unsupported"));
        return c;
    }

    // ================================================================ independent computations

    private static decimal R2(decimal x) => Math.Round(x, 2, MidpointRounding.AwayFromZero);

    private static bool In(DateOnly day, (DateOnly From, DateOnly To) p) => day >= p.From && day <= p.To;

    private static decimal Effective(BillRow b) => b.Effective;

    /// <summary>The rollup's list cost: the list price when the bill has one, else the effective cost of usage and purchases.</summary>
    private static decimal List(BillRow b) => b.List ?? (b.ChargeCategory is "Usage" or "Purchase" ? b.Effective : 0m);

    private static string? Tag(BillRow b, string key) => b.Tags.TryGetValue(key, out var v) ? v : null;

    private static IEnumerable<BillRow> Rows(EvaluationData d, (DateOnly From, DateOnly To) p, Func<BillRow, bool>? where) =>
        d.Bills.Where(b => b.Currency == "USD" && In(b.Day, p) && (where is null || where(b)));

    private static Expected Answer(IEnumerable<object?[]> rows) => new("answer", rows.ToList());

    private static Expected Total(EvaluationData d, (DateOnly, DateOnly) p, Func<BillRow, bool>? where = null, Func<BillRow, decimal>? m = null) =>
        Answer([[R2(Rows(d, p, where).Sum(m ?? Effective))]]);

    private sealed class KeyComparer : IEqualityComparer<object?[]>
    {
        public static readonly KeyComparer Instance = new();
        public bool Equals(object?[]? x, object?[]? y) => x!.SequenceEqual(y!);
        public int GetHashCode(object?[] obj) => obj.Aggregate(17, (h, o) => h * 31 + (o?.GetHashCode() ?? 0));
    }

    /// <summary>Sum by key, ordered by the sum (then the keys, nulls last), optionally the top or bottom N.</summary>
    private static Expected Group(EvaluationData d, (DateOnly, DateOnly) p, Func<BillRow, bool>? where, Func<BillRow, object?[]> key,
        Func<BillRow, decimal>? m = null, int? limit = null, bool descending = true)
    {
        var measure = m ?? Effective;
        var groups = Rows(d, p, where).GroupBy(key, KeyComparer.Instance)
            .Select(g => (Key: g.Key, Sum: g.Sum(measure)))
            .ToList();
        var ordered = (descending ? groups.OrderByDescending(g => g.Sum) : groups.OrderBy(g => g.Sum)).ThenBy(g => g.Key, KeysOrder.Instance).ToList();
        if (limit is { } n)
        {
            ordered = ordered.Take(n).ToList();
        }
        return Answer(ordered.Select(g => g.Key.Append(R2(g.Sum)).ToArray()));
    }

    private static object?[] AccountKey(BillRow b) => [b.SubAccountId];

    /// <summary>By sub-account: id, the (max) name, the sum.</summary>
    private static Expected GroupAccount(EvaluationData d, (DateOnly, DateOnly) p, Func<BillRow, bool>? where, int? limit = null)
    {
        var groups = Rows(d, p, where).GroupBy(b => b.SubAccountId)
            .Select(g => (Id: g.Key, Name: g.Select(b => b.SubAccountName).Max(StringComparer.Ordinal), Sum: g.Sum(Effective)))
            .OrderByDescending(g => g.Sum).ThenBy(g => g.Id, StringComparer.Ordinal).ToList();
        return Answer(groups.Take(limit ?? int.MaxValue).Select(g => new object?[] { g.Id, g.Name, R2(g.Sum) }));
    }

    private static Expected GroupResource(EvaluationData d, (DateOnly, DateOnly) p, Func<BillRow, bool>? where, int limit)
    {
        var groups = Rows(d, p, where).Where(b => b.ResourceId is not null).GroupBy(b => b.ResourceId!)
            .Select(g => (Id: g.Key, Name: g.Select(b => b.ResourceName).Max(StringComparer.Ordinal), Service: g.Select(b => b.Service).Max(StringComparer.Ordinal), Sum: g.Sum(Effective)))
            .OrderByDescending(g => g.Sum).ThenBy(g => g.Id, StringComparer.Ordinal).Take(limit).ToList();
        return Answer(groups.Select(g => new object?[] { g.Id, g.Name, g.Service, R2(g.Sum) }));
    }

    private static Expected Usage(EvaluationData d, (DateOnly, DateOnly) p, Func<BillRow, bool> where)
    {
        var groups = Rows(d, p, where).GroupBy(b => b.Unit)
            .Select(g => (Unit: g.Key, Sum: g.Any(b => b.Quantity is not null) ? g.Sum(b => b.Quantity ?? 0) : (decimal?)null))
            .OrderByDescending(g => g.Sum ?? decimal.MinValue).ThenBy(g => g.Unit, StringComparer.Ordinal).ToList();
        return Answer(groups.Select(g => new object?[] { g.Unit, g.Sum is { } s ? R2(s) : null }));
    }

    private static Expected Series(EvaluationData d, (DateOnly, DateOnly) p, Func<BillRow, bool>? where, string grain, Func<BillRow, object?[]>? key = null)
    {
        DateOnly Bucket(DateOnly day) => grain switch
        {
            "month" => new DateOnly(day.Year, day.Month, 1),
            "week" => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
            _ => day,
        };
        var groups = Rows(d, p, where)
            .GroupBy(b => new object?[] { Bucket(b.Day).ToString("yyyy-MM-dd") }.Concat(key?.Invoke(b) ?? []).ToArray(), KeyComparer.Instance)
            .Select(g => (Key: g.Key, Sum: g.Sum(Effective)))
            .OrderBy(g => (string)g.Key[0]!, StringComparer.Ordinal).ThenByDescending(g => g.Sum).ThenBy(g => g.Key, KeysOrder.Instance)
            .ToList();
        return Answer(groups.Select(g => g.Key.Append(R2(g.Sum)).ToArray()));
    }

    private enum Order { Current, Increase, Decrease, Change }

    private static Expected Growth(EvaluationData d, (DateOnly From, DateOnly To) previous, (DateOnly From, DateOnly To) current, Func<BillRow, bool>? where,
        Func<BillRow, object?[]>? key, Order order, int? limit, bool account = false)
    {
        var span = (From: previous.From < current.From ? previous.From : current.From, To: previous.To > current.To ? previous.To : current.To);
        var rows = Rows(d, span, where).ToList();
        var groups = key is null
            ? [(Key: Array.Empty<object?>(), Rows: rows)]
            : rows.GroupBy(key, KeyComparer.Instance).Select(g => (Key: g.Key, Rows: g.ToList())).ToList();
        var computed = groups.Select(g =>
        {
            var prev = g.Rows.Where(b => In(b.Day, previous)).Sum(Effective);
            var cur = g.Rows.Where(b => In(b.Day, current)).Sum(Effective);
            var keyValues = account ? new object?[] { g.Key[0], g.Rows.Select(b => b.SubAccountName).Max(StringComparer.Ordinal) } : g.Key;
            return (Key: keyValues, Prev: prev, Cur: cur);
        }).ToList();
        IEnumerable<(object?[] Key, decimal Prev, decimal Cur)> ordered = order switch
        {
            Order.Increase => computed.OrderByDescending(x => x.Cur - x.Prev),
            Order.Decrease => computed.OrderBy(x => x.Cur - x.Prev),
            Order.Change => computed.OrderByDescending(x => Math.Abs(x.Cur - x.Prev)),
            _ => computed.OrderByDescending(x => x.Cur),
        };
        if (key is not null)
        {
            ordered = ((IOrderedEnumerable<(object?[] Key, decimal Prev, decimal Cur)>)ordered).ThenBy(x => x.Key, KeysOrder.Instance);
        }
        if (limit is { } n)
        {
            ordered = ordered.Take(n);
        }
        return Answer(ordered.Select(x => x.Key.Concat(new object?[]
        {
            R2(x.Prev), R2(x.Cur), R2(x.Cur - x.Prev), x.Prev == 0 ? null : Math.Round(100 * (x.Cur - x.Prev) / x.Prev, 1, MidpointRounding.AwayFromZero),
        }).ToArray()));
    }

    /// <summary>Orders key tuples as PostgreSQL does under the C collation: ordinal, nulls last.</summary>
    private sealed class KeysOrder : IComparer<object?[]>
    {
        public static readonly KeysOrder Instance = new();

        public int Compare(object?[]? x, object?[]? y)
        {
            for (var i = 0; i < x!.Length; i++)
            {
                var (a, b) = (x[i]?.ToString(), y![i]?.ToString());
                var c = a is null ? b is null ? 0 : 1 : b is null ? -1 : string.CompareOrdinal(a, b);
                if (c != 0)
                {
                    return c;
                }
            }
            return 0;
        }
    }

    // ---------------------------------------------------------------- entities

    private static Expected AnomalyList(EvaluationData d, Func<AnomalyRow, bool> where, int? limit = null) =>
        Answer(d.Anomalies.Where(where)
            .OrderByDescending(a => a.Impact).ThenByDescending(a => a.Day).ThenBy(a => a.ScopeLabel, StringComparer.Ordinal)
            .Take(limit ?? int.MaxValue)
            .Select(a => new object?[]
            {
                a.Day.ToString("yyyy-MM-dd"), a.ScopeLabel, a.Provider, a.SubAccountId, a.Service, a.Region, a.Severity, a.Status,
                R2(a.Actual), R2(a.Expected), R2(a.Impact), Math.Round((decimal)a.ImpactPercent, 1, MidpointRounding.AwayFromZero),
            }));

    private static Expected AnomalyCount(EvaluationData d, Func<AnomalyRow, bool> where)
    {
        var rows = d.Anomalies.Where(where).ToList();
        return Answer([[(long)rows.Count, R2(rows.Sum(a => a.Impact))]]);
    }

    private static Expected AnomalyGroup(EvaluationData d, Func<AnomalyRow, string?> key, Func<AnomalyRow, bool>? where = null) =>
        Answer(d.Anomalies.Where(where ?? (_ => true)).GroupBy(key)
            .Select(g => (Key: g.Key, Count: (long)g.Count(), Sum: g.Sum(a => a.Impact)))
            .OrderByDescending(g => g.Sum).ThenBy(g => g.Key is null).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new object?[] { g.Key, g.Count, R2(g.Sum) }));

    private static Expected RecList(EvaluationData d, Func<RecommendationRow, bool> where, int? limit = null) =>
        Answer(d.Recommendations.Where(where)
            .OrderByDescending(r => r.Savings).ThenBy(r => r.ResourceId, StringComparer.Ordinal).ThenBy(r => r.Type, StringComparer.Ordinal)
            .Take(limit ?? int.MaxValue)
            .Select(r => new object?[] { r.ResourceId, r.Type, r.CurrentType, r.ProposedType, r.Provider, r.SubAccountId, r.Region, R2(r.Savings), r.Status }));

    private static Expected RecSum(EvaluationData d, Func<RecommendationRow, bool> where)
    {
        var rows = d.Recommendations.Where(where).ToList();
        return Answer([[(long)rows.Count, R2(rows.Sum(r => r.Savings))]]);
    }

    private static Expected RecGroup(EvaluationData d, Func<RecommendationRow, string> key, Func<RecommendationRow, bool> where) =>
        Answer(d.Recommendations.Where(where).GroupBy(key)
            .Select(g => (Key: g.Key, Count: (long)g.Count(), Sum: g.Sum(r => r.Savings)))
            .OrderByDescending(g => g.Sum).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new object?[] { g.Key, g.Count, R2(g.Sum) }));

    private static (Guid Run, string Currency) LatestRun(EvaluationData d, string? sub, string? service) =>
        (d.Forecasts.Where(f => f.SubAccountId == sub && f.Service == service).OrderByDescending(f => f.GeneratedAt).ThenBy(f => f.RunId).First().RunId, "USD");

    private static Expected MonthEnd(EvaluationData d, string? sub, string? service)
    {
        var month = (From: new DateOnly(2026, 9, 1), To: new DateOnly(2026, 9, 30));
        var actualRows = Rows(d, month, b => (service is null || b.Service == service) && (sub is null || b.SubAccountId == sub)).ToList();
        var actual = actualRows.Sum(Effective);
        var through = actualRows.Max(b => b.Day);
        var (run, currency) = LatestRun(d, sub, service);
        var rest = d.Forecasts.Where(f => f.RunId == run && f.Day > through && f.Day <= month.To).ToList();
        var (p, l, u) = (rest.Sum(f => f.Predicted), rest.Sum(f => f.Lower80), rest.Sum(f => f.Upper80));
        return Answer([[R2(actual), R2(p), R2(actual + p), R2(actual + l), R2(actual + u), currency]]);
    }

    private static Expected ForecastRange(EvaluationData d, string? sub, string? service, (DateOnly From, DateOnly To) range)
    {
        var (run, currency) = LatestRun(d, sub, service);
        var points = d.Forecasts.Where(f => f.RunId == run && In(f.Day, range)).ToList();
        return Answer([[R2(points.Sum(f => f.Predicted)), R2(points.Sum(f => f.Lower80)), R2(points.Sum(f => f.Upper80)), (long)points.Count, currency]]);
    }

    private static Expected ForecastDaily(EvaluationData d, string? sub, string? service, (DateOnly From, DateOnly To) range)
    {
        var (run, _) = LatestRun(d, sub, service);
        return Answer(d.Forecasts.Where(f => f.RunId == run && In(f.Day, range)).OrderBy(f => f.Day)
            .Select(f => new object?[] { f.Day.ToString("yyyy-MM-dd"), R2(f.Predicted), R2(f.Lower80), R2(f.Upper80) }));
    }

    private static Expected SavingSum(EvaluationData d, Func<SavingRow, bool> where)
    {
        var rows = d.Savings.Where(where).ToList();
        return Answer([[(long)rows.Count, R2(rows.Sum(s => s.Realized))]]);
    }

    private static Expected SavingGroup(EvaluationData d, Func<SavingRow, bool> where) =>
        Answer(d.Savings.Where(where).GroupBy(s => d.Recommendations.Single(r => r.Id == s.RecommendationId).Type)
            .Select(g => (Key: g.Key, Count: (long)g.Count(), Sum: g.Sum(s => s.Realized)))
            .OrderByDescending(g => g.Sum).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new object?[] { g.Key, g.Count, R2(g.Sum) }));

    private static Expected SavingList(EvaluationData d, Func<SavingRow, bool> where, int limit) =>
        Answer(d.Savings.Where(where).Select(s => (S: s, R: d.Recommendations.Single(r => r.Id == s.RecommendationId)))
            .OrderByDescending(x => x.S.Realized).ThenBy(x => x.R.ResourceId, StringComparer.Ordinal).Take(limit)
            .Select(x => new object?[] { x.R.ResourceId, x.R.Type, R2(x.S.BaselineCost), R2(x.S.PostCost), R2(x.S.Realized), x.S.Validated, x.S.PostEnd.ToString("yyyy-MM-dd") }));
}
