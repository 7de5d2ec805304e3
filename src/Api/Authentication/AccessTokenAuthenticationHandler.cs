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
    CredentialParser parser,
    CredentialVerifier verifier,
    PasswordThrottle throttle,
    CheckRefusals refusals,
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
        verification = await VerifyAsync(new AccessRequest(AdminResource, access, AdminEndpoint: true));
        if (verification.Outcome is VerificationOutcome.NoCredentials)
        {
            return AuthenticateResult.NoResult();
        }

        if (verification.Outcome is VerificationOutcome.Malformed or VerificationOutcome.Invalid or VerificationOutcome.Throttled or VerificationOutcome.Busy or VerificationOutcome.Limited)
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
            // A throttled attempt was not verified: nothing says its login or token exists.
            var known = verification.Outcome == VerificationOutcome.Invalid && verification.ClaimedExists;
            await audit.RecordRefusalAsync(Context, known ? verification.Claimed! : "anonymous", "sign-in", Request.Path,
                verification.Outcome == VerificationOutcome.Throttled ? "throttled" : "failed", known);
        }

        await Challenges.WriteAsync(Context, verification.Outcome == VerificationOutcome.Allowed ? Verification.Invalid : verification);
    }

    /// <inheritdoc />
    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        await audit.RecordRefusalAsync(Context, verification.User ?? "anonymous", "access", $"{Request.Method} {Request.Path}", "denied", known: true);
        await Challenges.WriteAsync(Context, verification with { Outcome = VerificationOutcome.Forbidden });
    }

    // Bearer tokens at the admin endpoints are throttled per address like passwords: a refused one counts against the
    // address, and from a locked address none is verified (Basic credentials are throttled by the verifier).
    private async ValueTask<Verification> VerifyAsync(AccessRequest request)
    {
        var oauthClient = Context.GetEndpoint()?.Metadata.GetMetadata<OAuthClientAuthentication>() is not null;
        var credential = parser.Parse(Request.Headers.Authorization, oauthClient);
        if (credential.Kind is not (CredentialKind.Bearer or CredentialKind.InvalidToken))
        {
            return await verifier.VerifyAsync(credential, Context, request);
        }

        var admission = throttle.Begin(ClientAddress.Of(Context));
        if (admission.RetryAfter is { } wait)
        {
            refusals.Count(RefusalReason.Throttled);
            return new Verification(VerificationOutcome.Throttled, RetryAfter: wait);
        }

        var result = Verification.Invalid;
        try
        {
            result = await verifier.VerifyAsync(credential, Context, request);
            return result;
        }
        finally
        {
            admission.End(result.Outcome == VerificationOutcome.Invalid);
        }
    }
}
