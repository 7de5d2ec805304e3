using System.Globalization;
using AccessTokens.Tokens;

namespace AccessTokens.Api.Authentication;

/// <summary>
/// The IETF rate limit fields (draft-ietf-httpapi-ratelimit-headers) of a token with a rate limit, on every answer of a
/// check of it: <c>RateLimit-Policy: "token";q=100;w=60</c> (the quota of requests per window of seconds) and
/// <c>RateLimit: "token";r=42;t=17</c> (requests left in the current window, seconds until it ends).
/// </summary>
public static class RateLimitHeaders
{
    /// <summary>The policy's name in both fields.</summary>
    public const string PolicyName = "token";

    /// <summary>Writes the fields for <paramref name="limits"/>; nothing when the token has no rate limit.</summary>
    public static void Write(HttpResponse response, LimitState? limits)
    {
        if (limits?.RateLimit is not { } rate)
        {
            return;
        }

        var invariant = CultureInfo.InvariantCulture;
        response.Headers["RateLimit-Policy"] = string.Create(invariant, $"\"{PolicyName}\";q={rate.Requests};w={(long)rate.Per.TotalSeconds}");
        // Seconds until the window ends, rounded up: a client that waits that long finds a new window.
        var reset = (long)Math.Ceiling(limits.WindowResetsIn.TotalSeconds);
        response.Headers["RateLimit"] = string.Create(invariant, $"\"{PolicyName}\";r={limits.RemainingRequests};t={reset}");
    }
}
