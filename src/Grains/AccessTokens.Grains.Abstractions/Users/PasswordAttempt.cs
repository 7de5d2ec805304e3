namespace AccessTokens.Users;

/// <summary>
/// A password presented for a login (Basic credentials or the admin screen's sign-in), from a client address;
/// with <see cref="SessionLifetime"/>, a successful attempt also opens an admin screen session that ends after it.
/// <see cref="AlternativePassword"/> is a second reading of the same password (an OAuth client's form-urlencoded
/// one), verified when the first fails; the attempt counts as one, right when either is.
/// </summary>
[GenerateSerializer, Immutable, Alias("AccessTokens.PasswordAttempt")]
public sealed record PasswordAttempt(
    [property: Id(0)] string Password,
    [property: Id(1)] string Address,
    [property: Id(2)] TimeSpan? SessionLifetime = null,
    [property: Id(3)] string? AlternativePassword = null)
{
    /// <summary>Never prints the password.</summary>
    public override string ToString() => $"PasswordAttempt {{ Address = {Address}, Session = {SessionLifetime} }}";
}
