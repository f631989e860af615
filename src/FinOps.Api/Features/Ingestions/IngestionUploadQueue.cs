using System.Threading.Channels;
using FinOps.Core.Ingestion;

namespace FinOps.Api.Features.Ingestions;

/// <summary>An uploaded file saved to disk, waiting to be ingested.</summary>
public sealed record QueuedUpload(Guid IngestionId, string TempPath, string FileName, string? Format, string CreatedBy);

/// <summary>
/// Uploads are answered at once (202) and ingested in the background, one at a time per API
/// process: ingestion is I/O and CPU heavy, and loading two files at once would only slow both.
/// </summary>
public sealed class IngestionUploadQueue
{
    private readonly Channel<QueuedUpload> channel = Channel.CreateBounded<QueuedUpload>(new BoundedChannelOptions(64)
    {
        FullMode = BoundedChannelFullMode.Wait,
        SingleReader = true,
    });

    public ValueTask EnqueueAsync(QueuedUpload upload, CancellationToken ct) => channel.Writer.WriteAsync(upload, ct);

    public IAsyncEnumerable<QueuedUpload> ReadAllAsync(CancellationToken ct) => channel.Reader.ReadAllAsync(ct);
}

/// <summary>Runs queued uploads through the ingestion engine and removes each temp file afterwards.</summary>
internal sealed class IngestionUploadWorker(
    IngestionUploadQueue queue, IngestionService ingestion, ILogger<IngestionUploadWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var upload in queue.ReadAllAsync(stoppingToken))
        {
            try
            {
                // Not the stopping token: an ingestion that has begun finishes or rolls back on its own.
                await ingestion.IngestAsync(new IngestionRequest(upload.TempPath, upload.FileName, "upload", upload.Format, upload.CreatedBy, upload.IngestionId), CancellationToken.None);
            }
            catch (Exception e)
            {
                logger.LogError(e, "Ingestion {Id} of upload {File} crashed", upload.IngestionId, upload.FileName);
            }
            finally
            {
                TryDelete(upload.TempPath);
            }
        }
    }

    private void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException e)
        {
            logger.LogWarning("Could not remove the upload temp file {Path}: {Reason}", path, e.Message);
        }
    }
}
