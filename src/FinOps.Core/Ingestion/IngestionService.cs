using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using FinOps.Core.Billing;
using FinOps.Core.Ingestion.Formats;
using FinOps.Core.Ingestion.Loading;
using FinOps.Core.Ingestion.Parsing;
using FinOps.Core.Ingestion.Reading;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FinOps.Core.Ingestion;

/// <summary>
/// Ingests billing exports and usage metrics: detects the format, validates every row, and loads the
/// file with a binary COPY in one transaction that also replaces the billing periods the file covers
/// and maintains the <c>daily_costs</c> rollup. A file is loaded completely or not at all; a failed
/// or killed ingestion leaves the previous data as it was.
/// </summary>
/// <remarks>
/// Two passes over the file: the first hashes it (on one core) and finds the months it touches (on
/// the other) so the monthly partitions exist before the transaction starts; the second parses,
/// encodes and streams rows to PostgreSQL while the server inserts the previous chunk.
/// An identical file (same SHA-256 as a succeeded ingestion) is not loaded again: the outcome is
/// <c>succeeded</c> with <see cref="IngestionOutcome.AlreadyIngested"/> set and the earlier ingestion named.
/// </remarks>
public sealed class IngestionService(
    NpgsqlDataSource dataSource,
    TimeProvider time,
    IOptions<IngestionOptions> options,
    ILogger<IngestionService> logger)
{
    private const int ChunkBytes = 256 * 1024;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private IngestionOptions Options => options.Value;

    /// <summary>Creates the <c>pending</c> row of an ingestion (the API does so before it stores an upload) and returns its id.</summary>
    public async Task<Guid> CreateAsync(string fileName, string source, long fileSize, string? createdBy, CancellationToken ct)
    {
        var id = Guid.CreateVersion7(time.GetUtcNow());
        await using var cmd = dataSource.CreateCommand("""
            insert into finops.ingestions (id, source, file_name, file_size, billing_periods, status, rows_read, rows_loaded, rows_rejected, errors, created_by, created_at)
            values ($1, $2, $3, $4, '[]', 'pending', 0, 0, 0, '[]', $5, $6)
            """);
        cmd.Parameters.AddWithValue(id);
        cmd.Parameters.AddWithValue(source);
        cmd.Parameters.AddWithValue(fileName);
        cmd.Parameters.AddWithValue(fileSize);
        cmd.Parameters.AddWithValue((object?)createdBy ?? DBNull.Value);
        cmd.Parameters.AddWithValue(time.GetUtcNow());
        await cmd.ExecuteNonQueryAsync(ct);
        return id;
    }

    /// <summary>Ingests one file synchronously; never throws for a bad file (the outcome says why it failed).</summary>
    public async Task<IngestionOutcome> IngestAsync(IngestionRequest request, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        using var activity = IngestionTelemetry.ActivitySource.StartActivity("ingest");
        activity?.SetTag("finops.ingestion.file", request.FileName);
        activity?.SetTag("finops.ingestion.source", request.Source);

        var size = new FileInfo(request.Path) is { Exists: true } f ? f.Length : 0;
        // Created even when already cancelled, so every attempt leaves a record.
        var id = request.IngestionId ?? await CreateAsync(request.FileName, request.Source, size, request.CreatedBy, CancellationToken.None);
        activity?.SetTag("finops.ingestion.id", id);
        var state = new RunState { Id = id };
        try
        {
            if (!File.Exists(request.Path))
            {
                throw new IngestionRejectedException($"The file '{request.FileName}' does not exist.");
            }
            var forced = IngestionFormats.Parse(request.Format);
            var outcome = await RunAsync(request, forced, size, state, ct);
            return Finish(outcome, started, activity);
        }
        catch (Exception e)
        {
            var (message, errors) = e switch
            {
                IngestionRejectedException r => (r.Message, r.Errors),
                CsvFormatException c => ($"Row {c.Row}: {c.Message}", (IReadOnlyList<IngestionError>)[new IngestionError(c.Row, null, c.Message, c.Line != c.Row ? c.Line : null)]),
                OperationCanceledException => ("The ingestion was cancelled; nothing was loaded.", []),
                PostgresException p => ($"The database refused the load: {p.MessageText}{(p.Detail is null ? "" : $" ({p.Detail})")}", []),
                _ => (e.Message, []),
            };
            if (e is not (IngestionRejectedException or CsvFormatException or DomainValidationException))
            {
                logger.LogWarning(e, "Ingestion {Id} of {File} failed", id, request.FileName);
            }
            if (e is ObjectDisposedException or NpgsqlException && e is not PostgresException)
            {
                message = $"The database connection was lost during the load; nothing was loaded. ({e.Message})";
            }
            var outcome = new IngestionOutcome
            {
                IngestionId = id,
                Status = IngestionStatus.Failed,
                Format = state.Format,
                FormatVersion = state.FormatVersion,
                RowsRead = state.RowsRead,
                RowsRejected = state.RowsRejected,
                Errors = errors,
                Message = message,
                FileHash = state.Hash,
            };
            await RecordFailureAsync(outcome, CancellationToken.None);
            return Finish(outcome, started, activity);
        }
    }

    private IngestionOutcome Finish(IngestionOutcome outcome, long started, Activity? activity)
    {
        var elapsed = Stopwatch.GetElapsedTime(started);
        var tags = new TagList { { "format", outcome.Format ?? "unknown" }, { "status", outcome.Status } };
        IngestionTelemetry.Files.Add(1, tags);
        IngestionTelemetry.Duration.Record(elapsed.TotalSeconds, tags);
        if (outcome.Succeeded && !outcome.AlreadyIngested)
        {
            IngestionTelemetry.RowsIngested.Add(outcome.RowsLoaded, new TagList { { "format", outcome.Format } });
        }
        if (outcome.RowsRejected > 0)
        {
            IngestionTelemetry.RowsRejected.Add(outcome.RowsRejected, new TagList { { "format", outcome.Format } });
        }
        activity?.SetTag("finops.ingestion.status", outcome.Status);
        activity?.SetTag("finops.ingestion.rows_loaded", outcome.RowsLoaded);
        if (!outcome.Succeeded)
        {
            activity?.SetStatus(ActivityStatusCode.Error, outcome.Message);
        }
        logger.LogInformation("Ingestion {Id} {Status}: {Message} ({Elapsed:F1} s)", outcome.IngestionId, outcome.Status, outcome.Message, elapsed.TotalSeconds);
        return outcome with { Elapsed = elapsed };
    }

    /// <summary>What the failure path needs to know of a run cut short.</summary>
    private sealed class RunState
    {
        public Guid Id;
        public string? Format;
        public string? FormatVersion;
        public string? Hash;
        public long RowsRead;
        public long RowsRejected;
    }

    private async Task<IngestionOutcome> RunAsync(IngestionRequest request, string? forced, long size, RunState state, CancellationToken ct)
    {
        // Pass 1: the hash on one core ‖ header, format, months, scopes and row count on the other. The
        // hash is done first, so an identical file is recognised without waiting for the rest.
        using var scanCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var scanTask = Task.Run(() => PrescanFile(request, forced, scanCts.Token), scanCts.Token);
        string hash;
        try
        {
            hash = await Task.Run(() => HashFile(request.Path, ct), ct);
        }
        catch
        {
            await scanCts.CancelAsync();
            await scanTask.ContinueWith(_ => { }, TaskScheduler.Default);
            throw;
        }
        state.Hash = hash;
        var duplicate = await FindDuplicateAsync(hash, state.Id, ct);
        if (duplicate is not null)
        {
            await scanCts.CancelAsync();
            await scanTask.ContinueWith(_ => { }, TaskScheduler.Default);
            return await RecordDuplicateAsync(state, duplicate.Value, ct);
        }
        var scan = await scanTask;
        logger.LogDebug("Ingestion {Id}: pass 1 found {Rows} rows of {Format} in {Months} month(s)", state.Id, scan.Rows, scan.Format, scan.Months.Count);
        state.Format = scan.Format;
        state.FormatVersion = scan.FormatVersion;
        await MarkRunningAsync(state.Id, state.Hash, size, scan, ct);
        if (scan.Rows == 0)
        {
            throw new IngestionRejectedException("The file has a header but no data rows.");
        }

        return scan.Format == IngestionFormats.Usage
            ? await LoadUsageAsync(request, scan, state, ct)
            : await LoadBillingAsync(request, scan, state, ct);
    }

    private static string HashFile(string path, CancellationToken ct)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        int n;
        while ((n = stream.Read(buffer)) > 0)
        {
            ct.ThrowIfCancellationRequested();
            sha.AppendData(buffer, 0, n);
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private sealed record Prescan(string Format, string? FormatVersion, long Rows, IReadOnlyCollection<DateOnly> Months, IReadOnlyCollection<BillingScope> Scopes, string Container);

    /// <summary>Pass 1: checks the header, counts rows and collects the months of the charge periods.</summary>
    private Prescan PrescanFile(IngestionRequest request, string? forced, CancellationToken ct)
    {
        using var source = OpenWithHeader(request, forced, out var format, out var header, out var container);
        var months = new HashSet<DateOnly>();
        long rows = 0;
        if (format == IngestionFormats.Usage)
        {
            while (source.Read())
            {
                rows++;
                if ((rows & 0xFFFF) == 0)
                {
                    ct.ThrowIfCancellationRequested();
                }
            }
            return new Prescan(format, null, rows, months, [], container);
        }
        var mapper = FormatDetector.CreateMapper(format, header, request.FileName);
        var scopes = new ScopeTracker();
        long lo = long.MaxValue, hi = long.MinValue; // the current month's bounds: most rows fall in it
        while (source.Read())
        {
            rows++;
            if ((rows & 0xFFFF) == 0)
            {
                ct.ThrowIfCancellationRequested();
            }
            mapper.Observe(source);
            mapper.TryReadScope(source, scopes);
            if (mapper.TryReadChargeStart(source, out var start) && (start < lo || start >= hi))
            {
                var month = ValueParsers.MonthOf(start);
                months.Add(month);
                lo = ValueParsers.FromDate(month);
                hi = ValueParsers.FromDate(month.AddMonths(1));
            }
        }
        return new Prescan(format, mapper.FormatVersion, rows, months, scopes.Scopes, container);
    }

    private IRowSource OpenWithHeader(IngestionRequest request, string? forced, out string format, out HeaderIndex header, out string container)
    {
        var source = InputOpener.Open(request.Path, Options, out container);
        try
        {
            if (!source.ReadHeader() || source.Header is not { Length: > 0 })
            {
                throw new IngestionRejectedException("The file is empty: it has no header row.");
            }
            var detected = FormatDetector.Detect(source.Header, forced);
            if (!detected.IsKnown)
            {
                throw new IngestionRejectedException(detected.Describe(),
                    detected.Missing.Select(m => new IngestionError(1, m, $"Required column {m} is missing.")).DefaultIfEmpty(new IngestionError(1, null, detected.Describe())).ToList());
            }
            format = detected.Format!;
            header = new HeaderIndex(source.Header);
            return source;
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    // ---------------------------------------------------------------- billing

    private async Task<IngestionOutcome> LoadBillingAsync(IngestionRequest request, Prescan scan, RunState state, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        if (scan.Months.Count > 0)
        {
            await BillingPartitions.EnsureAsync(conn, scan.Months.Min(), scan.Months.Max(), ct);
        }

        var idBytes = new byte[16];
        state.Id.TryWriteBytes(idBytes, bigEndian: true, out _);
        var sink = new CopySink(idBytes);
        var errors = new RowErrors(Options.MaxErrorsKept);
        var allowed = (long)Math.Floor(Options.MaxRejectedShare * scan.Rows);
        var progress = new Progress();
        using var progressCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var progressTask = ReportProgressAsync(state.Id, progress, progressCts.Token);

        await using var tx = await conn.BeginTransactionAsync(ct);
        // Replace first: deleting the periods' old rows before the new ones exist keeps the delete to the
        // old rows only (the scope index does not know ingestions).
        var scopes = Pass1Scopes(scan);
        await LockScopesAsync(conn, tx, scopes, ct);
        var replaced = await DeleteReplacedAsync(conn, tx, state.Id, scopes, ct);
        logger.LogDebug("Ingestion {Id}: replaced {Scopes} scope(s) of {Ingestions} earlier ingestion(s)", state.Id, scopes.Count, replaced.Count);
        string format;
        string? formatVersion;
        try
        {
            // A file of one month (the usual monthly bill) goes straight into its partition, skipping routing.
            var target = scan.Months.Count == 1 ? $"finops.{BillingPartitions.PartitionName(scan.Months.First())}" : $"finops.{BillingPartitions.ParentTable}";
            await using (var copy = await conn.BeginRawBinaryCopyAsync(LineItemCopy.CopyCommand(target), ct))
            {
                try
                {
                    (format, formatVersion) = await Task.Factory.StartNew(
                        () => CopyRows(request, scan, copy, sink, errors, allowed, progress, state, ct),
                        ct, TaskCreationOptions.LongRunning, TaskScheduler.Default);
                }
                catch
                {
                    await CancelCopyAsync(copy);
                    throw;
                }
            }
        }
        finally
        {
            await progressCts.CancelAsync();
            await progressTask;
        }
        state.RowsRead = progress.RowsRead;
        state.RowsRejected = errors.RejectedRows;
        logger.LogDebug("Ingestion {Id}: copied {Rows} rows", state.Id, sink.Rows);

        // The first pass read the same scopes; should a row have escaped it, its scope is replaced now.
        var missed = sink.Scopes.Except(scopes).OrderBy(s => s.LockKey, StringComparer.Ordinal).ToList();
        if (missed.Count > 0)
        {
            await LockScopesAsync(conn, tx, missed, ct);
            replaced = replaced.Union(await DeleteReplacedAsync(conn, tx, state.Id, missed, ct)).ToList();
        }
        scopes = sink.Scopes.OrderBy(s => s.LockKey, StringComparer.Ordinal).ToList();
        var firstMonth = ValueParsers.MonthOf(sink.MinChargeStart);
        var lastMonth = ValueParsers.MonthOf(sink.MaxChargeStart).AddMonths(1);
        await RollUpAsync(conn, tx, state.Id, firstMonth, lastMonth, ct);
        logger.LogDebug("Ingestion {Id}: rolled up", state.Id);
        var superseded = await MarkSupersededAsync(conn, tx, state.Id, replaced, ct);
        await UpsertAccountsAsync(conn, tx, state.Id, ct);

        var periods = scopes.Select(s => s.PeriodStart).Distinct().Order().ToList();
        var providers = scopes.Select(s => s.Provider).OfType<string>().Distinct().Order().ToList();
        var accounts = scopes.Select(s => s.BillingAccountId).Distinct().ToList();
        var message = $"Loaded {sink.Rows:N0} row(s) of {FormatLabel(format, formatVersion)} for {string.Join(", ", providers.DefaultIfEmpty("(no provider)"))}, " +
                      $"billing period(s) {string.Join(", ", periods.Select(p => p.ToString("yyyy-MM")))}" +
                      (superseded.Count > 0 ? $"; replaced {superseded.Count} earlier ingestion(s)." : replaced.Count > 0 ? "; replaced earlier data of the same periods." : ".") +
                      (errors.RejectedRows > 0 ? $" {errors.RejectedRows:N0} invalid row(s) skipped." : "");
        var outcome = new IngestionOutcome
        {
            IngestionId = state.Id,
            Status = IngestionStatus.Succeeded,
            Format = format,
            FormatVersion = formatVersion,
            ProviderName = providers.Count == 0 ? null : string.Join(", ", providers),
            Providers = providers,
            BillingPeriods = periods,
            RowsRead = progress.RowsRead,
            RowsLoaded = sink.Rows,
            RowsRejected = errors.RejectedRows,
            Errors = errors.Kept,
            Message = message,
            Superseded = superseded,
            FileHash = state.Hash,
        };
        await using (var done = new NpgsqlCommand("""
            update finops.ingestions set status = 'succeeded', format = $2, format_version = $3, provider_name = $4, billing_account_id = $5,
              billing_periods = $6::jsonb, rows_read = $7, rows_loaded = $8, rows_rejected = $9, errors = $10::jsonb, error_message = $11, finished_at = $12
            where id = $1
            """, conn, tx))
        {
            done.Parameters.AddWithValue(state.Id);
            done.Parameters.AddWithValue(format);
            done.Parameters.AddWithValue((object?)formatVersion ?? DBNull.Value);
            done.Parameters.AddWithValue((object?)outcome.ProviderName ?? DBNull.Value);
            done.Parameters.AddWithValue(accounts.Count == 1 && accounts[0] is { } account ? account : DBNull.Value);
            done.Parameters.AddWithValue(JsonSerializer.Serialize(periods.Select(p => p.ToString("yyyy-MM-dd")), Json));
            done.Parameters.AddWithValue(progress.RowsRead);
            done.Parameters.AddWithValue(sink.Rows);
            done.Parameters.AddWithValue(errors.RejectedRows);
            done.Parameters.AddWithValue(JsonSerializer.Serialize(errors.Kept, Json));
            done.Parameters.AddWithValue(errors.RejectedRows > 0 ? $"{errors.RejectedRows:N0} invalid row(s) skipped (within Ingestion:MaxRejectedShare)." : DBNull.Value);
            done.Parameters.AddWithValue(time.GetUtcNow());
            await done.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        return outcome;
    }

    /// <summary>Aborts a COPY after a failure; the failure itself is what gets reported.</summary>
    private async Task CancelCopyAsync(NpgsqlRawCopyStream copy)
    {
        try
        {
            await copy.CancelAsync();
        }
        catch (Exception e) when (e is ObjectDisposedException or NpgsqlException or InvalidOperationException or IOException)
        {
            logger.LogDebug(e, "COPY already ended when cancelled");
        }
    }

    private static string FormatLabel(string format, string? version) => version is null ? format : $"{format} {version}";

    /// <summary>Rows read so far, shared between the copying thread and the progress reporter.</summary>
    private sealed class Progress
    {
        private long rowsRead;
        public long RowsRead => Interlocked.Read(ref rowsRead);
        public void Set(long rows) => Interlocked.Exchange(ref rowsRead, rows);
    }

    /// <summary>
    /// Pass 2 on a dedicated thread: parse, validate, encode into one buffer while the other is being
    /// sent, so parsing overlaps the server's insert work.
    /// </summary>
    private (string Format, string? Version) CopyRows(IngestionRequest request, Prescan scan, Stream copy, CopySink sink, RowErrors errors,
        long allowed, Progress progress, RunState state, CancellationToken ct)
    {
        using var source = OpenWithHeader(request, scan.Format, out var format, out var header, out _);
        var mapper = FormatDetector.CreateMapper(format, header, request.FileName);
        mapper.ApplyVariant(scan.FormatVersion);
        PgBinaryEncoder[] buffers = [new(ChunkBytes * 2), new(ChunkBytes * 2)];
        var current = 0;
        Task? pending = null;
        buffers[0].WriteHeader();
        sink.Encoder = buffers[0];
        var row = new LineItemRow();
        var expectedFields = header.Count;
        long rows = 0;
        while (source.Read())
        {
            rows++;
            errors.BeginRow(source.RecordNumber, source.LineNumber);
            if (source.FieldCount != expectedFields && source is CsvRecordReader)
            {
                errors.Add(null, $"The row has {source.FieldCount} field(s) but the header has {expectedFields}.");
            }
            else if (!source.IsValidText)
            {
                errors.Add(null, "The row is not valid UTF-8 text (or holds NUL bytes).");
            }
            else
            {
                mapper.Map(source, row, errors, sink);
            }
            if (errors.RejectedRows > allowed && sink.Encoder is not null)
            {
                sink.Encoder = null; // the file will be rejected: stop sending, keep counting errors
            }
            if ((rows & 0x3FF) == 0)
            {
                progress.Set(rows);
                ct.ThrowIfCancellationRequested();
            }
            var buffer = buffers[current];
            if (sink.Encoder is not null && buffer.Length >= ChunkBytes)
            {
                pending?.GetAwaiter().GetResult();
                pending = copy.WriteAsync(buffer.WrittenMemory, ct).AsTask();
                current ^= 1;
                buffers[current].Reset();
                sink.Encoder = buffers[current];
            }
        }
        progress.Set(rows);
        state.RowsRead = rows;
        state.RowsRejected = errors.RejectedRows;
        pending?.GetAwaiter().GetResult();
        if (errors.RejectedRows > allowed)
        {
            throw Rejected(errors, rows);
        }
        var last = buffers[current];
        last.WriteTrailer();
        copy.Write(last.Written);
        return (format, mapper.FormatVersion);
    }

    private static IngestionRejectedException Rejected(RowErrors errors, long rows)
    {
        var first = errors.Kept.FirstOrDefault();
        var where = first is null ? "" : $" First: row {first.Row}{(first.Column is null ? "" : $", column {first.Column}")}: {first.Message}";
        return new IngestionRejectedException(
            $"The file was rejected: {errors.RejectedRows:N0} of {rows:N0} row(s) are invalid; nothing was loaded.{where}", errors.Kept);
    }

    private static List<BillingScope> Pass1Scopes(Prescan scan) => scan.Scopes.OrderBy(s => s.LockKey, StringComparer.Ordinal).ToList();

    /// <summary>
    /// Serialises loads of the same scopes (in a fixed order, so two loads cannot deadlock): the second
    /// waits for the first to commit, then replaces its rows.
    /// </summary>
    private static async Task LockScopesAsync(NpgsqlConnection conn, NpgsqlTransaction tx, List<BillingScope> scopes, CancellationToken ct)
    {
        foreach (var scope in scopes)
        {
            await using var lockCmd = new NpgsqlCommand("select pg_advisory_xact_lock(hashtextextended($1, 0))", conn, tx);
            lockCmd.Parameters.AddWithValue(scope.LockKey);
            await lockCmd.ExecuteNonQueryAsync(ct);
        }
    }

    private static async Task<List<Guid>> DeleteReplacedAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid id, List<BillingScope> scopes, CancellationToken ct)
    {
        var affected = new HashSet<Guid>();
        foreach (var scope in scopes)
        {
            var (providerSql, accountSql) = (scope.Provider is null ? "provider_name is null" : "provider_name = $2",
                                             scope.BillingAccountId is null ? "billing_account_id is null" : "billing_account_id = $3");
            await using (var rollup = new NpgsqlCommand(
                $"delete from finops.daily_costs where {providerSql} and {accountSql} and billing_period_start = $4 and ingestion_id <> $1 returning ingestion_id", conn, tx))
            {
                AddScopeParameters(rollup, id, scope, scope.PeriodStart);
                await using var reader = await rollup.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    affected.Add(reader.GetGuid(0));
                }
            }
            await using var rows = new NpgsqlCommand(
                $"delete from finops.billing_line_items where {providerSql} and {accountSql} and billing_period_start = $4 and ingestion_id <> $1", conn, tx);
            AddScopeParameters(rows, id, scope, ValueParsers.ToDateTimeOffset(scope.BillingPeriodStart));
            await rows.ExecuteNonQueryAsync(ct);
        }
        return affected.ToList();
    }

    private static void AddScopeParameters(NpgsqlCommand cmd, Guid id, BillingScope scope, object periodStart)
    {
        cmd.Parameters.AddWithValue(id);
        cmd.Parameters.AddWithValue((object?)scope.Provider ?? "");
        cmd.Parameters.AddWithValue((object?)scope.BillingAccountId ?? "");
        cmd.Parameters.AddWithValue(periodStart);
    }

    /// <summary>
    /// The rollup of the new rows, set-based, limited to the partitions they are in. The aggregate runs as a
    /// CREATE TABLE AS, which PostgreSQL may spread over parallel workers (an INSERT … SELECT may not),
    /// as a hash aggregate: the new partitions have no statistics yet, and sorting millions of rows on
    /// twelve keys would take several times longer.
    /// </summary>
    private static async Task RollUpAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid id, DateOnly from, DateOnly to, CancellationToken ct)
    {
        await using (var settings = new NpgsqlCommand("set local work_mem = '256MB'; set local enable_sort = off", conn, tx))
        {
            await settings.ExecuteNonQueryAsync(ct);
        }
        await using (var aggregate = new NpgsqlCommand("""
            create temp table ingestion_rollup on commit drop as
            select (charge_period_start at time zone 'UTC')::date as day, (billing_period_start at time zone 'UTC')::date as billing_period_start,
                ingestion_id, provider_name, billing_account_id, sub_account_id, sub_account_name, service_name, service_category, region_id,
                charge_category, billing_currency, sum(billed_cost) as billed_cost, sum(effective_cost) as effective_cost,
                sum(case when list_cost is not null then list_cost when charge_category in ('Usage', 'Purchase') then effective_cost else 0 end) as list_cost,
                count(*) as line_count
            from finops.billing_line_items
            where ingestion_id = $1 and charge_period_start >= $2 and charge_period_start < $3
            group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12
            """, conn, tx))
        {
            aggregate.Parameters.AddWithValue(id);
            aggregate.Parameters.AddWithValue(ValueParsers.ToDateTimeOffset(ValueParsers.FromDate(from)));
            aggregate.Parameters.AddWithValue(ValueParsers.ToDateTimeOffset(ValueParsers.FromDate(to)));
            aggregate.CommandTimeout = 0;
            await aggregate.ExecuteNonQueryAsync(ct);
        }
        await using var insert = new NpgsqlCommand("""
            insert into finops.daily_costs (day, billing_period_start, ingestion_id, provider_name, billing_account_id, sub_account_id, sub_account_name,
                service_name, service_category, region_id, charge_category, billing_currency, billed_cost, effective_cost, list_cost, line_count)
            select day, billing_period_start, ingestion_id, provider_name, billing_account_id, sub_account_id, sub_account_name,
                service_name, service_category, region_id, charge_category, billing_currency, billed_cost, effective_cost, list_cost, line_count
            from ingestion_rollup;
            drop table ingestion_rollup;
            set local work_mem to default;
            set local enable_sort to default
            """, conn, tx);
        insert.CommandTimeout = 0;
        await insert.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Earlier ingestions left with no rows at all are marked superseded.</summary>
    private static async Task<List<Guid>> MarkSupersededAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid id, List<Guid> affected, CancellationToken ct)
    {
        if (affected.Count == 0)
        {
            return [];
        }
        await using var cmd = new NpgsqlCommand("""
            update finops.ingestions i set status = 'superseded', error_message = 'Replaced by ingestion ' || $2::text
            where i.id = any($1) and i.status = 'succeeded' and not exists (select 1 from finops.daily_costs d where d.ingestion_id = i.id)
            returning i.id
            """, conn, tx);
        cmd.Parameters.AddWithValue(affected.ToArray());
        cmd.Parameters.AddWithValue(id);
        var result = new List<Guid>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            result.Add(reader.GetGuid(0));
        }
        return result;
    }

    /// <summary>Sub-accounts discovered in the bill join <c>accounts</c> (existing ones are left as users set them).</summary>
    private async Task UpsertAccountsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid id, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("""
            insert into finops.accounts (id, provider, billing_account_id, sub_account_id, name, currency, created_at, updated_at)
            select gen_random_uuid(), left(provider_name, 64), max(billing_account_id), left(sub_account_id, 256),
                   left(coalesce(max(sub_account_name), sub_account_id), 256), left(max(billing_currency), 3), $2, $2
            from finops.daily_costs
            where ingestion_id = $1 and provider_name is not null and sub_account_id is not null
            group by provider_name, sub_account_id
            on conflict (provider, sub_account_id) do nothing
            """, conn, tx);
        cmd.Parameters.AddWithValue(id);
        cmd.Parameters.AddWithValue(time.GetUtcNow());
        await cmd.ExecuteNonQueryAsync(ct);
    }

    // ---------------------------------------------------------------- usage metrics

    private async Task<IngestionOutcome> LoadUsageAsync(IngestionRequest request, Prescan scan, RunState state, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using (var create = new NpgsqlCommand("""
            create temp table usage_staging (resource_id text, provider_name text, region_id text, instance_type text, metric text,
              period_start timestamptz, average float8, maximum float8, p95 float8, unit text) on commit drop
            """, conn, tx))
        {
            await create.ExecuteNonQueryAsync(ct);
        }
        var errors = new RowErrors(Options.MaxErrorsKept);
        var allowed = (long)Math.Floor(Options.MaxRejectedShare * scan.Rows);
        long rows = 0, loaded = 0;
        await using (var copy = await conn.BeginRawBinaryCopyAsync($"COPY usage_staging ({UsageMapper.StagingColumns}) FROM STDIN (FORMAT BINARY)", ct))
        {
            try
            {
                (rows, loaded) = await Task.Factory.StartNew(() =>
                {
                    using var source = OpenWithHeader(request, IngestionFormats.Usage, out _, out var header, out _);
                    var mapper = new UsageMapper(header);
                    var encoder = new PgBinaryEncoder(ChunkBytes * 2);
                    encoder.WriteHeader();
                    long read = 0, ok = 0;
                    while (source.Read())
                    {
                        read++;
                        errors.BeginRow(source.RecordNumber, source.LineNumber);
                        if (source.FieldCount != header.Count && source is CsvRecordReader)
                        {
                            errors.Add(null, $"The row has {source.FieldCount} field(s) but the header has {header.Count}.");
                        }
                        else if (mapper.Map(source, errors, encoder))
                        {
                            ok++;
                        }
                        if (encoder.Length >= ChunkBytes)
                        {
                            copy.Write(encoder.Written);
                            encoder.Reset();
                            ct.ThrowIfCancellationRequested();
                        }
                    }
                    state.RowsRead = read;
                    state.RowsRejected = errors.RejectedRows;
                    if (errors.RejectedRows > allowed)
                    {
                        throw Rejected(errors, read);
                    }
                    encoder.WriteTrailer();
                    copy.Write(encoder.Written);
                    return (read, ok);
                }, ct, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            }
            catch
            {
                await CancelCopyAsync(copy);
                throw;
            }
        }

        // The period of a series is its smallest step; a lone point takes the file's, else an hour.
        await using (var upsert = new NpgsqlCommand("""
            with s as (
              select distinct on (resource_id, metric, period_start) * from usage_staging order by resource_id, metric, period_start
            ), d as (
              select s.*, extract(epoch from lead(period_start) over (partition by resource_id, metric order by period_start) - period_start)::int as gap from s
            ), p as (
              select d.*, min(gap) over (partition by resource_id, metric) as step, min(gap) over () as file_step from d
            )
            insert into finops.usage_metrics (resource_id, provider_name, region_id, instance_type, metric, period_start, period_seconds, average, maximum, p95, unit, ingestion_id)
            select resource_id, provider_name, region_id, instance_type, metric, period_start, coalesce(nullif(step, 0), nullif(file_step, 0), 3600),
                   average, maximum, p95, unit, $1
            from p
            on conflict (resource_id, metric, period_start) do update set
              provider_name = excluded.provider_name, region_id = excluded.region_id, instance_type = excluded.instance_type,
              period_seconds = excluded.period_seconds, average = excluded.average, maximum = excluded.maximum, p95 = excluded.p95,
              unit = excluded.unit, ingestion_id = excluded.ingestion_id
            """, conn, tx))
        {
            upsert.Parameters.AddWithValue(state.Id);
            upsert.CommandTimeout = 0;
            await upsert.ExecuteNonQueryAsync(ct);
        }
        var months = scan.Months;
        var message = $"Loaded {loaded:N0} utilization point(s)." + (errors.RejectedRows > 0 ? $" {errors.RejectedRows:N0} invalid row(s) skipped." : "");
        await using (var done = new NpgsqlCommand("""
            update finops.ingestions set status = 'succeeded', format = 'usage', rows_read = $2, rows_loaded = $3, rows_rejected = $4,
              errors = $5::jsonb, finished_at = $6 where id = $1
            """, conn, tx))
        {
            done.Parameters.AddWithValue(state.Id);
            done.Parameters.AddWithValue(rows);
            done.Parameters.AddWithValue(loaded);
            done.Parameters.AddWithValue(errors.RejectedRows);
            done.Parameters.AddWithValue(JsonSerializer.Serialize(errors.Kept, Json));
            done.Parameters.AddWithValue(time.GetUtcNow());
            await done.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        return new IngestionOutcome
        {
            IngestionId = state.Id,
            Status = IngestionStatus.Succeeded,
            Format = IngestionFormats.Usage,
            RowsRead = rows,
            RowsLoaded = loaded,
            RowsRejected = errors.RejectedRows,
            Errors = errors.Kept,
            Message = message,
            FileHash = state.Hash,
            BillingPeriods = months.Order().ToList(),
        };
    }

    // ---------------------------------------------------------------- bookkeeping

    private async Task MarkRunningAsync(Guid id, string hash, long size, Prescan scan, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("""
            update finops.ingestions set status = 'running', started_at = $2, file_hash = $3, file_size = $4, format = $5, format_version = $6,
              rows_read = 0, error_message = null where id = $1
            """);
        cmd.Parameters.AddWithValue(id);
        cmd.Parameters.AddWithValue(time.GetUtcNow());
        cmd.Parameters.AddWithValue(hash);
        cmd.Parameters.AddWithValue(size);
        cmd.Parameters.AddWithValue(scan.Format);
        cmd.Parameters.AddWithValue((object?)scan.FormatVersion ?? DBNull.Value);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private async Task<Guid?> FindDuplicateAsync(string hash, Guid id, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            "select id from finops.ingestions where file_hash = $1 and status = 'succeeded' and id <> $2 order by finished_at desc limit 1");
        cmd.Parameters.AddWithValue(hash);
        cmd.Parameters.AddWithValue(id);
        return await cmd.ExecuteScalarAsync(ct) as Guid?;
    }

    private async Task<IngestionOutcome> RecordDuplicateAsync(RunState state, Guid original, CancellationToken ct)
    {
        var message = $"Already ingested: this file is identical (SHA-256) to ingestion {original}; nothing was loaded again.";
        await using var cmd = dataSource.CreateCommand("""
            update finops.ingestions i set status = 'succeeded', rows_read = 0, rows_loaded = 0, rows_rejected = 0, error_message = $3,
              billing_periods = o.billing_periods, provider_name = o.provider_name, billing_account_id = o.billing_account_id,
              format = o.format, format_version = o.format_version, file_hash = o.file_hash, started_at = coalesce(i.started_at, $4), finished_at = $4
            from finops.ingestions o where i.id = $1 and o.id = $2
            returning o.billing_periods::text, o.provider_name, o.format, o.format_version
            """);
        cmd.Parameters.AddWithValue(state.Id);
        cmd.Parameters.AddWithValue(original);
        cmd.Parameters.AddWithValue(message);
        cmd.Parameters.AddWithValue(time.GetUtcNow());
        List<DateOnly> periods = [];
        string? provider = null, format = null, version = null;
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            if (await reader.ReadAsync(ct))
            {
                periods = JsonSerializer.Deserialize<List<DateOnly>>(reader.GetString(0)) ?? [];
                provider = reader.IsDBNull(1) ? null : reader.GetString(1);
                format = reader.IsDBNull(2) ? null : reader.GetString(2);
                version = reader.IsDBNull(3) ? null : reader.GetString(3);
            }
        }
        return new IngestionOutcome
        {
            IngestionId = state.Id,
            Status = IngestionStatus.Succeeded,
            Format = format,
            FormatVersion = version,
            ProviderName = provider,
            BillingPeriods = periods,
            Message = message,
            AlreadyIngested = true,
            DuplicateOf = original,
            FileHash = state.Hash,
        };
    }

    /// <summary>Records a failure on its own connection, after the load's transaction was rolled back.</summary>
    private async Task RecordFailureAsync(IngestionOutcome outcome, CancellationToken ct)
    {
        try
        {
            await using var cmd = dataSource.CreateCommand("""
                update finops.ingestions set status = 'failed', format = coalesce($2, format), format_version = coalesce($3, format_version),
                  file_hash = coalesce($4, file_hash), rows_read = $5, rows_loaded = 0, rows_rejected = $6, errors = $7::jsonb, error_message = $8,
                  started_at = coalesce(started_at, $9), finished_at = $9
                where id = $1
                """);
            cmd.Parameters.AddWithValue(outcome.IngestionId);
            cmd.Parameters.AddWithValue((object?)outcome.Format ?? DBNull.Value);
            cmd.Parameters.AddWithValue((object?)outcome.FormatVersion ?? DBNull.Value);
            cmd.Parameters.AddWithValue((object?)outcome.FileHash ?? DBNull.Value);
            cmd.Parameters.AddWithValue(outcome.RowsRead);
            cmd.Parameters.AddWithValue(outcome.RowsRejected);
            cmd.Parameters.AddWithValue(JsonSerializer.Serialize(outcome.Errors.Take(Options.MaxErrorsKept), Json));
            cmd.Parameters.AddWithValue(outcome.Message ?? "failed");
            cmd.Parameters.AddWithValue(time.GetUtcNow());
            await cmd.ExecuteNonQueryAsync(ct);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            logger.LogError(e, "Could not record the failure of ingestion {Id}", outcome.IngestionId);
        }
    }

    /// <summary>Writes the rows read so far to the <c>ingestions</c> row every few seconds, on its own connection.</summary>
    private async Task ReportProgressAsync(Guid id, Progress progress, CancellationToken ct)
    {
        try
        {
            using var timer = new PeriodicTimer(Options.ProgressInterval, time);
            long reported = 0;
            while (await timer.WaitForNextTickAsync(ct))
            {
                var rows = progress.RowsRead;
                if (rows == reported)
                {
                    continue;
                }
                reported = rows;
                await using var cmd = dataSource.CreateCommand("update finops.ingestions set rows_read = $2 where id = $1");
                cmd.Parameters.AddWithValue(id);
                cmd.Parameters.AddWithValue(rows);
                await cmd.ExecuteNonQueryAsync(ct);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (NpgsqlException e)
        {
            logger.LogDebug(e, "Progress of ingestion {Id} not reported", id);
        }
    }
}
