using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace AccessTokens.Api.Authentication;

/// <summary>
/// Authenticates administrators on the admin endpoints: a bearer token is checked for the <c>admin</c>
/// resource, Basic credentials against the user's password. Challenges and refusals are RFC 6750 headers
/// with problem details bodies.
/// </summary>
public sealed class AccessTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    CredentialVerifier verifier) : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    /// <summary>The scheme name.</summary>
    public const string SchemeName = "AccessTokens";

    /// <summary>The resource a bearer token must carry to administer.</summary>
    public const string AdminResource = "admin";

    private Verification verification = Verification.NoCredentials;

    /// <inheritdoc />
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        verification = await verifier.VerifyAsync(Request, AdminResource);
        if (verification.Outcome is VerificationOutcome.NoCredentials)
        {
            return AuthenticateResult.NoResult();
        }

        if (verification.Outcome is VerificationOutcome.Malformed or VerificationOutcome.Invalid)
        {
            return AuthenticateResult.Fail("Credentials refused.");
        }

        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, verification.User!),
            new(AccessTokenClaims.Profile, verification.Profile ?? string.Empty),
        };
        if (verification.Outcome == VerificationOutcome.Allowed)
        {
            claims.Add(new Claim(AccessTokenClaims.Scope, AdminResource));
        }

        if (verification.TokenId is not null)
        {
            claims.Add(new Claim(AccessTokenClaims.TokenId, verification.TokenId));
        }

        if (verification.ExpiresAt is { } expiresAt)
        {
            claims.Add(new Claim(AccessTokenClaims.ExpiresAt, expiresAt.ToString("O", CultureInfo.InvariantCulture)));
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    /// <inheritdoc />
    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        Challenges.WriteAsync(Context, verification.Outcome == VerificationOutcome.Allowed ? Verification.Invalid : verification);

    /// <inheritdoc />
    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Challenges.WriteAsync(Context, verification with { Outcome = VerificationOutcome.Forbidden });
}
