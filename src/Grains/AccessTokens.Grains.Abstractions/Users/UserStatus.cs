namespace AccessTokens.Users;

/// <summary>The part of a user that every one of its tokens needs at check time.</summary>
[GenerateSerializer, Immutable, Alias("AccessTokens.UserStatus")]
public sealed record UserStatus([property: Id(0)] bool Exists, [property: Id(1)] bool Active, [property: Id(2)] string Profile)
{
    /// <summary>The status of a login that does not exist: never active.</summary>
    public static readonly UserStatus Missing = new(false, false, string.Empty);
}
