namespace AccessTokens.Tokens;

/// <summary>
/// A change of a token's name or policies (<c>PATCH</c>): a null <see cref="Name"/> keeps the name; a policy changes only
/// when its <c>Set…</c> flag is true, to the value given (null removes it).
/// </summary>
[GenerateSerializer, Immutable, Alias("AccessTokens.TokenChanges")]
public sealed record TokenChanges(
    [property: Id(0)] string? Name = null,
    [property: Id(1)] bool SetRateLimit = false,
    [property: Id(2)] RateLimit? RateLimit = null,
    [property: Id(3)] bool SetQuota = false,
    [property: Id(4)] Quota? Quota = null,
    [property: Id(5)] bool SetAllowedAddresses = false,
    [property: Id(6)] IReadOnlyList<string?>? AllowedAddresses = null);

/// <summary>The token as changed, or why the change was refused.</summary>
[GenerateSerializer, Immutable, Alias("AccessTokens.TokenChangeResult")]
public sealed record TokenChangeResult(
    [property: Id(0)] AccessTokenView? Token,
    [property: Id(1)] AccessTokens.Common.Failure? Failure = null);
