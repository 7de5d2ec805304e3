using AccessTokens.Tokens;
using AccessTokens.Users;

namespace AccessTokens.Api.Authentication;

/// <summary>
/// Verifies a request's credentials for one resource: a bearer token with one call to its token grain,
/// Basic with one call to the user grain. Shared by the check endpoint and the admin authentication.
/// </summary>
public sealed class CredentialVerifier(CredentialParser parser, IGrainFactory grains, ILogger<CredentialVerifier> logger)
{
    /// <summary>Verifies the <c>Authorization</c> header of <paramref name="request"/> for <paramref name="resource"/>.</summary>
    public async ValueTask<Verification> VerifyAsync(HttpRequest request, string resource)
    {
        var credential = parser.Parse(request.Headers.Authorization);
        switch (credential.Kind)
        {
            case CredentialKind.None:
                return Verification.NoCredentials;
            case CredentialKind.Malformed:
                return new Verification(VerificationOutcome.Malformed, Problem: credential.Problem);
            case CredentialKind.InvalidToken:
                Log.MalformedTokenRefused(logger, resource);
                return Verification.Invalid;
            case CredentialKind.Bearer:
                return await VerifyBearerAsync(credential.TokenId!, credential.SecretHash!, resource);
            default:
                return await VerifyBasicAsync(credential.Login!, credential.Password!, resource);
        }
    }

    private async ValueTask<Verification> VerifyBearerAsync(string tokenId, byte[] secretHash, string resource)
    {
        var result = await CheckWithRetryAsync(grains.GetGrain<IAccessTokenGrain>(tokenId), new CheckRequest(secretHash, resource));
        switch (result.Outcome)
        {
            case CheckOutcome.Allowed:
                return new Verification(VerificationOutcome.Allowed, result.User, result.Profile, tokenId, result.ExpiresAt);
            case CheckOutcome.ResourceNotGranted:
                Log.TokenRefused(logger, tokenId, resource, result.Outcome);
                return new Verification(VerificationOutcome.Forbidden, result.User, result.Profile, tokenId, result.ExpiresAt);
            default:
                Log.TokenRefused(logger, tokenId, resource, result.Outcome);
                return Verification.Invalid;
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

    private const int MaxCheckAttempts = 4;

    private async ValueTask<Verification> VerifyBasicAsync(string login, string password, string resource)
    {
        if (!UserRules.IsValidLogin(login))
        {
            Log.BasicLoginInvalid(logger, resource);
            return Verification.Invalid;
        }

        var status = await grains.GetGrain<IUserGrain>(login).AuthenticateAsync(password);
        if (status is null)
        {
            Log.BasicRefused(logger, login, resource);
            return Verification.Invalid;
        }

        // Until profiles carry resources, Basic opens everything to administrators and nothing to others.
        return Profiles.MayAdministerTokens(status.Profile)
            ? new Verification(VerificationOutcome.Allowed, login, status.Profile)
            : new Verification(VerificationOutcome.Forbidden, login, status.Profile);
    }
}
