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

    /// <summary>
    /// The activation of the stored token with id <paramref name="tokenId"/> when it is active in this silo (then the id
    /// is one this service issued), or null. Checked later with <see cref="ILocalToken.TryCheck"/>, without a second
    /// look-up.
    /// </summary>
    ILocalToken? Find(ReadOnlySpan<char> tokenId);
}

/// <summary>A token grain active in this silo, as the check endpoint hosted with the silo reaches it.</summary>
public interface ILocalToken
{
    /// <summary>
    /// Answers <paramref name="request"/> from the token's published state; false when the activation is leaving (or
    /// holds no token), and the caller asks the grain.
    /// </summary>
    bool TryCheck(CheckRequest request, [NotNullWhen(true)] out CheckResult? result);
}
