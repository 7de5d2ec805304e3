namespace AccessTokens.Common;

/// <summary>
/// A write the store neither confirmed nor refused, and that could not be read back: the change may or may not be stored.
/// The API answers 503 saying so, unlike a write the store refused, which changed nothing.
/// </summary>
[GenerateSerializer, Alias("AccessTokens.StoreOutcomeUnknownException")]
public sealed class StoreOutcomeUnknownException : OrleansException
{
    /// <summary>Creates the exception for the failure <paramref name="inner"/>.</summary>
    public StoreOutcomeUnknownException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
