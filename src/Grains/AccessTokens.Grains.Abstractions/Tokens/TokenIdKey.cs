namespace AccessTokens.Tokens;

/// <summary>
/// A key token ids are signed with. <see cref="Slot"/> is the id character that names the key (0 to 61, each used once);
/// the key signs new ids from <see cref="ActiveFrom"/>, and verifies the ids it signed for as long as the service runs.
/// </summary>
[GenerateSerializer, Immutable, Alias("AccessTokens.TokenIdKey")]
public sealed record TokenIdKey(
    [property: Id(0)] int Slot,
    [property: Id(1)] byte[] Secret,
    [property: Id(2)] DateTimeOffset ActiveFrom);
