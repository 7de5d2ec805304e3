using AccessTokens.Profiles;
using AccessTokens.Tokens;
using AccessTokens.Users;

namespace AccessTokens.Api.Authentication;

/// <summary>
/// Verifies a request's credentials for one resource and method: a bearer token by its token grain (read in
/// place when the grain is active in this silo, one grain call otherwise), Basic with one call to the user grain
/// behind the password throttle. Shared by the check, forward and standard endpoints and the admin
/// authentication.
/// </summary>
public sealed class CredentialVerifier(
    CredentialParser parser,
    IGrainFactory grains,
    PasswordThrottle throttle,
    CheckRefusals refusals,
    ILogger<CredentialVerifier> logger,
    IPasswordHashingLoad? hashing = null)
{
    private const int MaxCheckAttempts = 4;

    /// <summary>Verifies the <c>Authorization</c> header of <paramref name="context"/>'s request for <paramref name="access"/>.</summary>
    public ValueTask<Verification> VerifyAsync(HttpContext context, AccessRequest access) =>
        VerifyAsync(parser.Parse(context.Request.Headers.Authorization), context, access);

    /// <summary>Verifies already parsed credentials.</summary>
    public async ValueTask<Verification> VerifyAsync(PresentedCredential credential, HttpContext context, AccessRequest access)
    {
        switch (credential.Kind)
        {
            case CredentialKind.None:
                return Verification.NoCredentials;
            case CredentialKind.Malformed:
                refusals.Count(RefusalReason.Malformed);
                return new Verification(VerificationOutcome.Malformed, Problem: credential.Problem);
            case CredentialKind.InvalidToken:
                refusals.Count(RefusalReason.UnknownToken);
                Log.MalformedTokenRefused(logger, access.Resource ?? "-");
                return Verification.Invalid;
            case CredentialKind.Bearer:
                return await VerifyBearerAsync(credential.TokenId!, credential.SecretHash!, credential.LocalToken, access, access.Address ?? ClientAddress.Connection(context));
            default:
                return await VerifyBasicAsync(credential, ClientAddress.Of(context), access);
        }
    }

    // A token whose grain was active in this silo when the credential was parsed is checked in place; any other, or
    // one whose activation is leaving, is asked of its grain.
    private async ValueTask<Verification> VerifyBearerAsync(string tokenId, byte[] secretHash, ILocalToken? here, AccessRequest access, System.Net.IPAddress? address)
    {
        var request = new CheckRequest(secretHash, access.Resource, access.Access, address);
        if (here is null || !here.TryCheck(request, out var result))
        {
            result = await CheckWithRetryAsync(grains.GetGrain<IAccessTokenGrain>(tokenId), request);
        }

        switch (result.Outcome)
        {
            case CheckOutcome.Allowed:
                return new Verification(VerificationOutcome.Allowed, result.User, result.Profile, tokenId, result.ExpiresAt,
                    Permissions: result.Permissions, TokenCreatedBy: result.CreatedBy, Limits: result.Limits);
            case CheckOutcome.ResourceNotGranted or CheckOutcome.NotAllowedByProfile:
                refusals.Count(RefusalReason.Forbidden);
                Log.TokenRefused(logger, tokenId, access.Resource ?? "-", result.Outcome);
                return new Verification(VerificationOutcome.Forbidden, result.User, result.Profile, tokenId, result.ExpiresAt,
                    Permissions: result.Permissions, TokenCreatedBy: result.CreatedBy, Limits: result.Limits);
            case CheckOutcome.AddressNotAllowed:
                refusals.Count(RefusalReason.Forbidden);
                Log.TokenRefused(logger, tokenId, access.Resource ?? "-", result.Outcome);
                return new Verification(VerificationOutcome.Forbidden, result.User, result.Profile, tokenId, result.ExpiresAt,
                    Problem: $"This token may not be used from {address?.ToString() ?? "an unknown address"}: it is restricted to its allowed addresses.",
                    Permissions: result.Permissions, TokenCreatedBy: result.CreatedBy);
            case CheckOutcome.RateLimited or CheckOutcome.QuotaExhausted:
                refusals.Count(RefusalReason.Limited);
                return new Verification(VerificationOutcome.Limited, result.User, result.Profile, tokenId, result.ExpiresAt,
                    Problem: LimitProblem(result), Permissions: result.Permissions, RetryAfter: result.RetryAfter,
                    TokenCreatedBy: result.CreatedBy, Limits: result.Limits);
            default:
                refusals.Count(RefusalReason.RefusedToken);
                Log.TokenRefused(logger, tokenId, access.Resource ?? "-", result.Outcome);
                // Only an id the token grain never held is unknown; a wrong secret, a revoked token and the rest are of a real one.
                return Verification.Invalid with { Claimed = tokenId, ClaimedExists = result.Outcome != CheckOutcome.UnknownToken };
        }
    }

    private static string LimitProblem(CheckResult result) => result.Outcome == CheckOutcome.RateLimited
        ? $"This token's rate limit ({result.Limits!.RateLimit!.Requests} requests per {result.Limits.RateLimit.Per:c}) is reached; wait for the time in Retry-After."
        : result.RetryAfter is null
            ? "This token's quota is used up and does not refill; ask an administrator to raise it."
            : "This token's quota is used up until its refill; wait for the time in Retry-After.";

    // A check changes nothing but the date of last use, so it is safe to repeat when the silo that held the
    // token's grain has just left the cluster (rolling restart, crash): the retry reaches a new activation.
    private static async Task<CheckResult> CheckWithRetryAsync(IAccessTokenGrain token, CheckRequest request)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await token.CheckAsync(request);
            }
            catch (Exception exception) when (attempt < MaxCheckAttempts && exception is SiloUnavailableException or OrleansMessageRejectionException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt));
            }
        }
    }

    /// <summary>
    /// Verifies a login and password from <paramref name="address"/>, for Basic credentials or the admin screen's
    /// sign-in (which asks for a session of <paramref name="sessionLifetime"/>). The address must be admitted by the
    /// throttle first; the user grain then counts and verifies the attempt for its login.
    /// </summary>
    public async ValueTask<PasswordVerdict> AuthenticatePasswordAsync(
        string login, string password, string address, TimeSpan? sessionLifetime = null, string? alternativePassword = null)
    {
        if (!UserRules.IsValidLogin(login))
        {
            throttle.Fail(address);
            refusals.Count(RefusalReason.WrongPassword);
            return PasswordVerdict.Refused;
        }

        // Hosted in a silo whose hashing threads are all taken, the attempt is refused before the user's grain is activated
        // and its record read: a spray of made-up logins costs a 503 each, not an activation and a store read.
        if (hashing is { IsFull: true })
        {
            refusals.Count(RefusalReason.Busy);
            return PasswordVerdict.Busy;
        }

        var admission = throttle.Begin(address);
        if (admission.RetryAfter is { } wait)
        {
            refusals.Count(RefusalReason.Throttled);
            return new PasswordVerdict(AuthenticationOutcome.Throttled, RetryAfter: wait);
        }

        var failed = false;
        try
        {
            var result = await grains.GetGrain<IUserGrain>(login).AuthenticateAsync(new PasswordAttempt(password, address, sessionLifetime, alternativePassword));
            failed = result.Outcome == AuthenticationOutcome.Refused;
            switch (result.Outcome)
            {
                case AuthenticationOutcome.Refused:
                    refusals.Count(RefusalReason.WrongPassword);
                    break;
                case AuthenticationOutcome.Throttled:
                    refusals.Count(RefusalReason.Throttled);
                    break;
                case AuthenticationOutcome.Busy:
                    refusals.Count(RefusalReason.Busy);
                    break;
            }

            return result;
        }
        finally
        {
            admission.End(failed);
        }
    }

    private async ValueTask<Verification> VerifyBasicAsync(PresentedCredential credential, string address, AccessRequest access)
    {
        var login = credential.Login!;
        var result = await AuthenticatePasswordAsync(login, credential.Password!, address, alternativePassword: credential.AlternativePassword);
        switch (result.Outcome)
        {
            case AuthenticationOutcome.Throttled:
                Log.BasicThrottled(logger, login, address);
                return new Verification(VerificationOutcome.Throttled, Claimed: login, RetryAfter: result.RetryAfter);
            case AuthenticationOutcome.Busy:
                return new Verification(VerificationOutcome.Busy, RetryAfter: result.RetryAfter);
            case AuthenticationOutcome.Refused:
                // A login that breaks the rule is the client's text, not a login: it is not written to the log.
                var claimed = UserRules.IsValidLogin(login) ? login : null;
                Log.BasicRefused(logger, claimed ?? "(not a login)", access.Resource ?? "-");
                return Verification.Invalid with { Claimed = claimed, ClaimedExists = result.KnownLogin };
        }

        var status = result.Status!;
        var grants = status.Allowed;
        var allowed = access.AdminEndpoint || access.Resource is null || grants.Allows(access.Resource, access.Access);
        if (!allowed)
        {
            refusals.Count(RefusalReason.Forbidden);
        }

        return new Verification(allowed ? VerificationOutcome.Allowed : VerificationOutcome.Forbidden, login, status.Profile, Permissions: grants.Permissions);
    }
}
