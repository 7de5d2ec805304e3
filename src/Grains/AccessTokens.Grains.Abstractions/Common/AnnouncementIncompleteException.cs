namespace AccessTokens.Common;

/// <summary>
/// A change was stored, but a silo the cluster still counts as alive did not confirm it has it: the change is not yet
/// final everywhere. The API answers 503; repeating the request (revocations and user changes are idempotent) completes it.
/// </summary>
[GenerateSerializer, Alias("AccessTokens.AnnouncementIncompleteException")]
public sealed class AnnouncementIncompleteException : OrleansException
{
    /// <summary>Creates the exception.</summary>
    public AnnouncementIncompleteException(string message)
        : base(message)
    {
    }
}
