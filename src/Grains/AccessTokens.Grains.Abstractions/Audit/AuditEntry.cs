namespace AccessTokens.Audit;

/// <summary>
/// One administrative action: who did what to which record, from where, and how it ended; when it was done with a
/// bearer token, that token's id and the login that issued it, so an action taken with a token issued by someone
/// else never hides behind its holder. <see cref="Count"/> is how many times it happened: above one for refusals of
/// no known user or token, summed up per address and minute. Never holds a token value or a password.
/// <see cref="Sequence"/> orders entries and serves as the paging position.
/// </summary>
[GenerateSerializer, Immutable, Alias("AccessTokens.AuditEntry")]
public sealed record AuditEntry(
    [property: Id(0)] long Sequence,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string Actor,
    [property: Id(3)] string Action,
    [property: Id(4)] string Target,
    [property: Id(5)] string ClientAddress,
    [property: Id(6)] string Outcome,
    [property: Id(7)] string? TokenId = null,
    [property: Id(8)] string? TokenCreatedBy = null,
    [property: Id(9)] int Count = 1);
