using System.Security.Claims;
using System.Text.Json;
using FinOps.Api.Infrastructure;
using FinOps.Core;
using FinOps.Core.Auditing;
using FinOps.Core.Billing;
using FinOps.Core.Data;
using FinOps.Core.Ingestion;
using FinOps.Core.Security;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace FinOps.Api.Features.Ingestions;

public static class IngestionsEndpoints
{
    /// <summary>Registers the ingestion engine and the background queue that processes uploads.</summary>
    public static WebApplicationBuilder AddIngestionUploads(this WebApplicationBuilder builder)
    {
        builder.AddIngestion();
        builder.Services.AddSingleton<IngestionUploadQueue>();
        builder.Services.AddHostedService<IngestionUploadWorker>();
        return builder;
    }

    public static IEndpointRouteBuilder MapIngestionsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/ingestions").WithTags("Ingestions").RequireAuthorization(Roles.Viewer);
        group.MapGet("/", List).WithName("ListIngestions").WithSummary("Recent ingestions, newest first");
        group.MapGet("/{id:guid}", Get).WithName("GetIngestion").WithSummary("One ingestion with its status, counts and errors");
        group.MapPost("/", Upload).WithName("UploadBillingFile")
            .WithSummary("Upload a billing export (multipart field 'file', optional 'format'); it is ingested in the background")
            .RequireAuthorization(Roles.Analyst)
            .RequireRateLimiting(RateLimiting.StrictPolicy)
            .DisableAntiforgery()
            .Accepts<IFormFile>("multipart/form-data");
        return app;
    }

    public sealed record IngestionErrorResponse(long Row, string? Column, string Message);

    public sealed record IngestionResponse(
        Guid Id, string Source, string FileName, long FileSize, string? Format, string? FormatVersion, string? ProviderName,
        IReadOnlyList<string> BillingPeriods, string Status, long RowsRead, long RowsLoaded, long RowsRejected,
        IReadOnlyList<IngestionErrorResponse> Errors, string? ErrorMessage, string? CreatedBy,
        DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt)
    {
        public static IngestionResponse From(Ingestion i) => new(i.Id, i.Source, i.FileName, i.FileSize, i.Format, i.FormatVersion,
            i.ProviderName, JsonSerializer.Deserialize<List<string>>(i.BillingPeriods) ?? [], i.Status, i.RowsRead, i.RowsLoaded,
            i.RowsRejected, JsonSerializer.Deserialize<List<IngestionErrorResponse>>(i.Errors, JsonSerializerOptions.Web) ?? [],
            i.ErrorMessage, i.CreatedBy, i.CreatedAt, i.StartedAt, i.FinishedAt);
    }

    private static async Task<Ok<List<IngestionResponse>>> List(int? limit, FinOpsDbContext db, CancellationToken ct)
    {
        var take = Math.Clamp(limit ?? 50, 1, 500);
        var rows = await db.Ingestions.AsNoTracking().OrderByDescending(i => i.CreatedAt).Take(take).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(IngestionResponse.From).ToList());
    }

    private static async Task<Results<Ok<IngestionResponse>, NotFound>> Get(Guid id, FinOpsDbContext db, CancellationToken ct) =>
        await db.Ingestions.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct) is { } row
            ? TypedResults.Ok(IngestionResponse.From(row))
            : TypedResults.NotFound();

    /// <summary>
    /// Streams the multipart body straight to a temp file (never buffering a multi-GB export in
    /// memory), records a pending ingestion, queues it and answers 202 with where to poll.
    /// </summary>
    private static async Task<Accepted<IngestionResponse>> Upload(
        HttpContext http, IngestionService ingestion, IngestionUploadQueue queue, FinOpsDbContext db, AuditTrail audit,
        IConfiguration configuration, ClaimsPrincipal user, CancellationToken ct)
    {
        var limit = configuration.GetValue<long?>("Ingestion:MaxUploadBytes") ?? 20L * 1024 * 1024 * 1024;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }
        var boundary = MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var contentType)
            ? HeaderUtilities.RemoveQuotes(contentType.Boundary).Value : null;
        if (string.IsNullOrEmpty(boundary))
        {
            throw new DomainValidationException("file", "Send the file as multipart/form-data in a field named 'file'.");
        }

        string? format = null, fileName = null, tempPath = null;
        long length = 0;
        try
        {
            var reader = new MultipartReader(boundary, http.Request.Body);
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
                {
                    continue;
                }
                var name = disposition.Name.Value;
                if (name == "format" && !disposition.IsFileDisposition())
                {
                    format = (await new StreamReader(section.Body).ReadToEndAsync(ct)).Trim();
                }
                else if (name == "file" && disposition.IsFileDisposition() && tempPath is null)
                {
                    fileName = SafeFileName(disposition.FileNameStar.Value ?? disposition.FileName.Value);
                    tempPath = Path.Combine(UploadDirectory(configuration), $"{Guid.NewGuid():N}-{fileName}");
                    await using var file = File.Create(tempPath);
                    await section.Body.CopyToAsync(file, ct);
                    length = file.Length;
                }
            }
            if (tempPath is null || fileName is null)
            {
                throw new DomainValidationException("file", "No file was sent: use a multipart field named 'file'.");
            }
            if (length == 0)
            {
                throw new DomainValidationException("file", $"The file '{fileName}' is empty.");
            }
            format = IngestionFormats.Parse(format);

            var id = await ingestion.CreateAsync(fileName, "upload", length, user.Actor(), ct);
            audit.Record(user.Actor(), "ingestion.upload", "ingestion", id.ToString(), new { fileName, length, format });
            await db.SaveChangesAsync(ct);
            await queue.EnqueueAsync(new QueuedUpload(id, tempPath, fileName, format, user.Actor()), ct);
            var row = await db.Ingestions.AsNoTracking().FirstAsync(i => i.Id == id, ct);
            tempPath = null; // owned by the queue from here on
            return TypedResults.Accepted($"/api/v1/ingestions/{id}", IngestionResponse.From(row));
        }
        catch (Exception e) when (e is InvalidDataException or IOException && !ct.IsCancellationRequested)
        {
            throw new DomainValidationException("file", $"The upload could not be read: {e.Message}");
        }
        finally
        {
            if (tempPath is not null)
            {
                File.Delete(tempPath);
            }
        }
    }

    private static string UploadDirectory(IConfiguration configuration)
    {
        var dir = configuration["Ingestion:UploadDirectory"] is { Length: > 0 } configured
            ? configured
            : Path.Combine(Path.GetTempPath(), "finops-uploads");
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>Only the last path segment, and no characters a file system would read as structure.</summary>
    private static string SafeFileName(string? name)
    {
        var last = Path.GetFileName((name ?? "upload").Replace('\\', '/').Split('/').Last());
        var clean = new string(last.Select(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray()).Trim('.');
        return clean.Length == 0 ? "upload" : clean[..Math.Min(clean.Length, 180)];
    }
}
