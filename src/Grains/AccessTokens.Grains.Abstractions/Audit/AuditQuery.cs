namespace AccessTokens.Audit;

/// <summary>
/// A page request over the audit trail, newest first: entries older than <see cref="Before"/> (a sequence) when given.
/// <see cref="Actor"/> matches the entry's actor, or the issuer of the bearer token the action was done with, so the
/// actions taken with tokens someone issued are theirs to answer for too.
/// </summary>
[GenerateSerializer, Immutable, Alias("AccessTokens.AuditQuery")]
public sealed record AuditQuery(
    [property: Id(0)] string? Actor,
    [property: Id(1)] string? Target,
    [property: Id(2)] long? Before,
    [property: Id(3)] int Limit);
