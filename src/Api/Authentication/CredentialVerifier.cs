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
    ILogger<CredentialVerifier> logger,
    ILocalTokenChecks? local = null)
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
                return new Verification(VerificationOutcome.Malformed, Problem: credential.Problem);
            case CredentialKind.InvalidToken:
                Log.MalformedTokenRefused(logger, access.Resource ?? "-");
                return Verification.Invalid;
            case CredentialKind.Bearer:
                return await VerifyBearerAsync(credential.TokenId!, credential.SecretHash!, access);
            default:
                return await VerifyBasicAsync(credential.Login!, credential.Password!, ClientAddress.Of(context), access);
        }
    }

    private async ValueTask<Verification> VerifyBearerAsync(string tokenId, byte[] secretHash, AccessRequest access)
    {
        var request = new CheckRequest(secretHash, access.Resource, access.Access);
        if (local is null || !local.TryCheck(tokenId, request, out var result))
        {
            result = await CheckWithRetryAsync(grains.GetGrain<IAccessTokenGrain>(tokenId), request);
        }

        switch (result.Outcome)
        {
            case CheckOutcome.Allowed:
                return new Verification(VerificationOutcome.Allowed, result.User, result.Profile, tokenId, result.ExpiresAt, Permissions: result.Permissions);
            case CheckOutcome.ResourceNotGranted or CheckOutcome.NotAllowedByProfile:
                Log.TokenRefused(logger, tokenId, access.Resource ?? "-", result.Outcome);
                return new Verification(VerificationOutcome.Forbidden, result.User, result.Profile, tokenId, result.ExpiresAt, Permissions: result.Permissions);
            default:
                Log.TokenRefused(logger, tokenId, access.Resource ?? "-", result.Outcome);
                return Verification.Invalid with { Claimed = tokenId };
        }
    }

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

    private async ValueTask<Verification> VerifyBasicAsync(string login, string password, string address, AccessRequest access)
    {
        if (!UserRules.IsValidLogin(login))
        {
            Log.BasicLoginInvalid(logger, access.Resource ?? "-");
            throttle.Fail(null, address);
            return Verification.Invalid;
        }

        if (throttle.LockedFor(login, address) is { } wait)
        {
            Log.BasicThrottled(logger, login, address);
            return new Verification(VerificationOutcome.Throttled, Claimed: login, RetryAfter: wait);
        }

        var status = await grains.GetGrain<IUserGrain>(login).AuthenticateAsync(password);
        if (status is null)
        {
            Log.BasicRefused(logger, login, access.Resource ?? "-");
            throttle.Fail(login, address);
            return Verification.Invalid with { Claimed = login };
        }

        throttle.Succeed(login);
        var grants = status.Allowed;
        var allowed = access.AdminEndpoint || access.Resource is null || grants.Allows(access.Resource, access.Access);
        return new Verification(allowed ? VerificationOutcome.Allowed : VerificationOutcome.Forbidden, login, status.Profile, Permissions: grants.Permissions);
    }
}
