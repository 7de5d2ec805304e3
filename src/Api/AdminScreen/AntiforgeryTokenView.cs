namespace AccessTokens.Api.AdminScreen;

/// <summary>
/// The anti-forgery request token the admin screen sends back in <see cref="HeaderName"/> on every
/// state change. Its counterpart travels in an HttpOnly cookie.
/// </summary>
public sealed record AntiforgeryTokenView(string HeaderName, string Token)
{
    /// <summary>Never prints the token.</summary>
    public override string ToString() => $"AntiforgeryTokenView {{ HeaderName = {HeaderName} }}";
}
