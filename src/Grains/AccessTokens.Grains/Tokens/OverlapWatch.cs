namespace AccessTokens.Tokens;

/// <summary>
/// What a superseded token's activation keeps while it overlaps with its successor: the timer that ends the overlap,
/// and whether a check has asked the grain to end it (once, however many checks come after the end). Made only for
/// such a token.
/// </summary>
internal sealed class OverlapWatch
{
    private int asked;

    /// <summary>The grain timer that looks whether the overlap has ended, or null.</summary>
    public IGrainTimer? Timer { get; set; }

    /// <summary>True for the first caller since the last <see cref="AskAgain"/>.</summary>
    public bool AskOnce() => Interlocked.Exchange(ref asked, 1) == 0;

    /// <summary>Lets the next check ask again (the overlap had not ended, or the revocation failed).</summary>
    public void AskAgain() => Interlocked.Exchange(ref asked, 0);
}
