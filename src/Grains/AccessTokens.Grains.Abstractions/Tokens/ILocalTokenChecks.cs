using System.Diagnostics.CodeAnalysis;

namespace AccessTokens.Tokens;

/// <summary>
/// Checks against the token grains active in this silo, answered without a grain call. Registered in silos
/// only: a front end without a silo has none and calls the grain.
/// </summary>
public interface ILocalTokenChecks
{
    /// <summary>
    /// Answers <paramref name="request"/> when token <paramref name="tokenId"/> is active in this silo and is
    /// staying so; false otherwise, and the caller asks the grain.
    /// </summary>
    bool TryCheck(string tokenId, CheckRequest request, [NotNullWhen(true)] out CheckResult? result);

    /// <summary>True when a stored token with id <paramref name="tokenId"/> is active in this silo: an id this service issued.</summary>
    bool Holds(ReadOnlySpan<char> tokenId);
}
