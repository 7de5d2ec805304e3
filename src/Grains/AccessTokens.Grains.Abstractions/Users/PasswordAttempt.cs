namespace AccessTokens.Users;

/// <summary>
/// A password presented for a login (Basic credentials or the admin screen's sign-in), from a client address;
/// with <see cref="SessionLifetime"/>, a successful attempt also opens an admin screen session that ends after it.
/// </summary>
[GenerateSerializer, Immutable, Alias("AccessTokens.PasswordAttempt")]
public sealed record PasswordAttempt(
    [property: Id(0)] string Password,
    [property: Id(1)] string Address,
    [property: Id(2)] TimeSpan? SessionLifetime = null)
{
    /// <summary>Never prints the password.</summary>
    public override string ToString() => $"PasswordAttempt {{ Address = {Address}, Session = {SessionLifetime} }}";
}
