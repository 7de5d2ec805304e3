namespace AccessTokens.Api.Authentication;

/// <summary>An endpoint result that answers with the challenge for a refused verification.</summary>
public sealed class ChallengeResult(Verification verification) : IResult
{
    /// <inheritdoc />
    public Task ExecuteAsync(HttpContext httpContext) => Challenges.WriteAsync(httpContext, verification);
}
