using System.Text.Json;
using FinOps.Core;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace FinOps.Api.Infrastructure;

/// <summary>Maps domain and request exceptions to RFC 7807 problem details; anything else is a 500 without internals.</summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        var problem = exception switch
        {
            EntityNotFoundException e => Problem(StatusCodes.Status404NotFound, "Not found", e.Message),
            ConflictException e => Problem(StatusCodes.Status409Conflict, "Conflict", e.Message),
            DomainValidationException e => Validation(e.Errors, e.Message),
            BadHttpRequestException e => FromBadRequest(e),
            _ when IsDatabaseUnavailable(exception) => Problem(StatusCodes.Status503ServiceUnavailable, "Service unavailable",
                "The database cannot be reached right now; retry shortly."),
            _ => null,
        };
        if (problem?.Status == StatusCodes.Status503ServiceUnavailable)
        {
            context.Response.Headers.RetryAfter = "5";
            logger.LogWarning("Database unavailable on {Method} {Path}: {Reason}", context.Request.Method, context.Request.Path, exception.GetBaseException().Message);
        }
        if (problem is null)
        {
            logger.LogError(exception, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
            problem = Problem(StatusCodes.Status500InternalServerError, "Internal error",
                "The server failed to process the request; the trace id identifies it in the logs.");
        }

        context.Response.StatusCode = problem.Status ?? 500;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>A connection-level failure anywhere in the chain (EF wraps Npgsql's in retry and provider exceptions).</summary>
    private static bool IsDatabaseUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is Npgsql.NpgsqlException { IsTransient: true } or System.Net.Sockets.SocketException or TimeoutException)
            {
                return true;
            }
            if (e is Npgsql.PostgresException { SqlState: "57P01" or "57P02" or "57P03" or "53300" })
            {
                return true; // admin shutdown, crash shutdown, cannot connect now, too many connections
            }
        }
        return false;
    }

    private static ProblemDetails Problem(int status, string title, string detail) =>
        new() { Status = status, Title = title, Detail = detail };

    private static HttpValidationProblemDetails Validation(IReadOnlyDictionary<string, string[]> errors, string detail) =>
        new(errors.ToDictionary()) { Status = StatusCodes.Status400BadRequest, Title = "Validation failed", Detail = detail };

    /// <summary>Names the field of a malformed JSON body (its JSON path) rather than echoing the raw parser message.</summary>
    private static ProblemDetails FromBadRequest(BadHttpRequestException e)
    {
        if (e.InnerException is JsonException json)
        {
            var field = string.IsNullOrEmpty(json.Path) || json.Path == "$" ? "body" : json.Path.TrimStart('$', '.');
            var message = json.Path is null or "$"
                ? "The request body is not valid JSON."
                : $"The value of '{field}' is not valid for its type.";
            return Validation(new Dictionary<string, string[]> { [field] = [message] }, message);
        }
        return Problem(e.StatusCode, "Bad request", e.Message);
    }
}
