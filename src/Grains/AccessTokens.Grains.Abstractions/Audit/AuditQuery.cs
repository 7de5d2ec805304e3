namespace AccessTokens.Audit;

/// <summary>A page request over the audit trail, newest first: entries older than <see cref="Before"/> (a sequence) when given.</summary>
[GenerateSerializer, Immutable, Alias("AccessTokens.AuditQuery")]
public sealed record AuditQuery(
    [property: Id(0)] string? Actor,
    [property: Id(1)] string? Target,
    [property: Id(2)] long? Before,
    [property: Id(3)] int Limit);
