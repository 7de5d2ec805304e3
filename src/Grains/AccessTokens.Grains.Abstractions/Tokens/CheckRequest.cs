using AccessTokens.Profiles;

namespace AccessTokens.Tokens;

/// <summary>
/// A check of a presented token: the SHA-256 of its secret (never the secret), the resource asked for and the
/// access the request's method needs. A null resource only authenticates the token (its own record, RFC 7009).
/// <see cref="Address"/> is the end client's address (normalized by <see cref="AddressRules.Normalize"/>), null when
/// unknown: a token restricted to some addresses then refuses.
/// </summary>
[GenerateSerializer, Immutable, Alias("AccessTokens.CheckRequest")]
public sealed record CheckRequest(
    [property: Id(0)] byte[] SecretHash,
    [property: Id(1)] string? Resource,
    [property: Id(2)] ResourceAccess Access = ResourceAccess.Read,
    [property: Id(3)] System.Net.IPAddress? Address = null);
