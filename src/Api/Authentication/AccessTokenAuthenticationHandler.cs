using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using AccessTokens.Api.Audit;
using AccessTokens.Profiles;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace AccessTokens.Api.Authentication;

/// <summary>
/// Authenticates callers of the admin endpoints: a bearer token is checked for the <c>admin</c> resource with
/// the method's access, Basic credentials against the user's password. The profile's permissions become claims
/// the policies require. Challenges and refusals are RFC 6750 headers with problem details bodies; failed
/// sign-ins and refusals enter the audit trail.
/// </summary>
public sealed class AccessTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    CredentialVerifier verifier,
    PasswordThrottle throttle,
    AuditTrail audit) : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    /// <summary>The scheme name.</summary>
    public const string SchemeName = "AccessTokens";

    /// <summary>The resource a bearer token must carry to administer.</summary>
    public const string AdminResource = AccessTokens.Resources.BuiltInResources.Admin;

    private Verification verification = Verification.NoCredentials;

    /// <inheritdoc />
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var readOnly = Context.GetEndpoint()?.Metadata.GetMetadata<AdminReadAccess>() is not null;
        var access = readOnly ? ResourceAccess.Read : MethodAccess.AccessOf(Request.Method);
        verification = await verifier.VerifyAsync(Context, new AccessRequest(AdminResource, access, AdminEndpoint: true));
        if (verification.Outcome is VerificationOutcome.NoCredentials)
        {
            return AuthenticateResult.NoResult();
        }

        if (verification.Outcome is VerificationOutcome.Malformed or VerificationOutcome.Invalid or VerificationOutcome.Throttled)
        {
            return AuthenticateResult.Fail("Credentials refused.");
        }

        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, verification.User!),
            new(AccessTokenClaims.Profile, verification.Profile ?? string.Empty),
        };
        claims.AddRange(PermissionNames.Of(verification.Permissions).Select(name => new Claim(AccessTokenClaims.Permission, name)));
        if (verification.Outcome == VerificationOutcome.Allowed)
        {
            claims.Add(new Claim(AccessTokenClaims.Scope, AdminResource));
        }

        if (verification.TokenId is not null)
        {
            claims.Add(new Claim(AccessTokenClaims.TokenId, verification.TokenId));
            claims.Add(new Claim(AccessTokenClaims.TokenCreatedBy, verification.TokenCreatedBy ?? string.Empty));
        }

        if (verification.ExpiresAt is { } expiresAt)
        {
            claims.Add(new Claim(AccessTokenClaims.ExpiresAt, expiresAt.ToString("O", CultureInfo.InvariantCulture)));
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    /// <inheritdoc />
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (verification.Outcome is VerificationOutcome.Invalid or VerificationOutcome.Throttled)
        {
            // Refused tokens count against the address too: guessing token values at the admin endpoints is
            // throttled like guessing passwords. (Basic failures were counted by the verifier.)
            if (verification.Outcome == VerificationOutcome.Invalid && !IsBasic())
            {
                throttle.Fail(ClientAddress.Of(Context));
            }

            await audit.RecordRefusalAsync(Context, verification.Claimed ?? "anonymous", "sign-in", Request.Path,
                verification.Outcome == VerificationOutcome.Throttled ? "throttled" : "failed");
        }

        await Challenges.WriteAsync(Context, verification.Outcome == VerificationOutcome.Allowed ? Verification.Invalid : verification);
    }

    /// <inheritdoc />
    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        await audit.RecordRefusalAsync(Context, verification.User ?? "anonymous", "access", $"{Request.Method} {Request.Path}", "denied");
        await Challenges.WriteAsync(Context, verification with { Outcome = VerificationOutcome.Forbidden });
    }

    private bool IsBasic() => Request.Headers.Authorization.ToString().StartsWith("Basic ", StringComparison.OrdinalIgnoreCase);
}
