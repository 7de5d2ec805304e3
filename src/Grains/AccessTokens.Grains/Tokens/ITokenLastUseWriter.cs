namespace AccessTokens.Tokens;

/// <summary>
/// The token grain's own bookkeeping, off <see cref="IAccessTokenGrain"/>: only the silo's <see cref="LastUseFlusher"/> and
/// <see cref="StopHandOver"/> ask a token, through its grain reference so the write takes its turn like any other call, to
/// store its date of last use; and a superseded token asks itself, from a check, to end an overlap that has ended. Not in
/// the abstractions the API references.
/// </summary>
public interface ITokenLastUseWriter : IGrainWithStringKey
{
    /// <summary>Writes the date of last use when it changed since the last write.</summary>
    Task WriteLastUseAsync();

    /// <summary>Revokes a superseded token whose overlap has ended, at the instant it ended; nothing otherwise.</summary>
    Task EndOverlapIfDueAsync();
}
