using AccessTokens.Common;

namespace AccessTokens.Tokens;

/// <summary>The outcome of creating a token: the record and the value (shown once), or why it was refused.</summary>
[GenerateSerializer, Immutable, Alias("AccessTokens.CreatedAccessToken")]
public sealed record CreatedAccessToken(
    [property: Id(0)] AccessTokenView? Token,
    [property: Id(1)] string? Value,
    [property: Id(2)] Failure? Failure)
{
    /// <summary>Never prints the value.</summary>
    public override string ToString() => $"CreatedAccessToken {{ Id = {Token?.Id}, Failure = {Failure?.Kind} }}";
}
