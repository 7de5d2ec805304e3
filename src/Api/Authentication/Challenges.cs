using AccessTokens.Api.Errors;
using Microsoft.AspNetCore.Mvc;

namespace AccessTokens.Api.Authentication;

/// <summary>Writes RFC 6750 challenges with RFC 9457 problem bodies for refused credentials.</summary>
public static class Challenges
{
    /// <summary>The realm named in every challenge.</summary>
    public const string Realm = "accesstokens";

    /// <summary>What a caller whose password could not be verified now is told.</summary>
    public const string BusyDetail =
        "Too many passwords are being verified at once; the password was not checked. Retry after the time in Retry-After, or use an access token, which never waits.";

    /// <summary>Writes the response for a verification that did not allow the request.</summary>
    public static Task WriteAsync(HttpContext context, Verification verification)
    {
        var (status, error, title, detail) = verification.Outcome switch
        {
            VerificationOutcome.NoCredentials => (401, null, "Authentication required",
                "Send 'Authorization: Bearer <access token>' (recommended) or Basic login and password."),
            VerificationOutcome.Malformed => (400, "invalid_request", "Malformed credentials",
                verification.Problem ?? "The Authorization header cannot be read."),
            VerificationOutcome.Forbidden => (403, "insufficient_scope", "Not allowed",
                verification.Problem ?? "These credentials are valid but do not grant this resource."),
            VerificationOutcome.Throttled => (429, null, "Too many failed attempts",
                "Too many wrong passwords for this login or from this address; wait for the time in Retry-After, then try again."),
            VerificationOutcome.Busy => (503, null, "Password checks busy",
                BusyDetail),
            VerificationOutcome.Limited => (429, null, "Token limit reached",
                verification.Problem ?? "This token's rate limit or quota is reached."),
            _ => (401, "invalid_token", "Invalid credentials",
                "The credentials are not valid. Check the token or password, or ask an administrator for a new token."),
        };

        context.Response.StatusCode = status;
        RateLimitHeaders.Write(context.Response, verification.Limits);
        if (verification.Outcome is VerificationOutcome.Limited)
        {
            // A quota that never refills has no time to name.
            if (verification.RetryAfter is { } wait)
            {
                SetRetryAfter(context.Response, wait);
            }
        }
        else if (verification.Outcome is VerificationOutcome.Throttled or VerificationOutcome.Busy)
        {
            SetRetryAfter(context.Response, verification.RetryAfter ?? TimeSpan.FromSeconds(1));
        }
        else
        {
            context.Response.Headers.WWWAuthenticate = error is null
                ? $"Bearer realm=\"{Realm}\""
                : $"Bearer realm=\"{Realm}\", error=\"{error}\"";
        }

        // The usual refusals (no detail of their own) are written from bytes the problem details service rendered once:
        // a flood of made-up tokens costs no more per request than a passing check.
        return verification.Problem is null
            ? RenderedProblems.WriteAsync(context, status, title, detail)
            : WriteProblemAsync(context, status, title, detail);
    }

    /// <summary>Writes a problem through the problem details service, as every other answer of the API does.</summary>
    internal static Task WriteProblemAsync(HttpContext context, int status, string title, string detail) =>
        context.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteWhateverAcceptedAsync(context, new ProblemDetails { Status = status, Title = title, Detail = detail });

    /// <summary>Sets <c>Retry-After</c> to <paramref name="wait"/> in whole seconds, at least one.</summary>
    public static void SetRetryAfter(HttpResponse response, TimeSpan wait) =>
        response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
