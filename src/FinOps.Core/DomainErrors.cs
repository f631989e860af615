namespace FinOps.Core;

/// <summary>An entity named by the caller does not exist (HTTP 404).</summary>
public sealed class EntityNotFoundException(string entity, object id)
    : Exception($"{entity} '{id}' was not found.")
{
    public string Entity { get; } = entity;
}

/// <summary>The request conflicts with the current state (HTTP 409).</summary>
public sealed class ConflictException(string message) : Exception(message);

/// <summary>Input that is well-formed but not acceptable, per field (HTTP 400).</summary>
public sealed class DomainValidationException(IReadOnlyDictionary<string, string[]> errors, string? message = null)
    : Exception(message ?? "One or more validation errors occurred.")
{
    public DomainValidationException(string field, string message)
        : this(new Dictionary<string, string[]> { [field] = [message] }, message)
    {
    }

    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}
