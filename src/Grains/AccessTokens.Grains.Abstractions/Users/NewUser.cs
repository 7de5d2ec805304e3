namespace AccessTokens.Users;

/// <summary>An administrator's request for a user, unchecked: the user grain validates it.</summary>
[GenerateSerializer, Immutable, Alias("AccessTokens.NewUser")]
public sealed record NewUser(
    [property: Id(0)] string? Name,
    [property: Id(1)] string? Profile,
    [property: Id(2)] string? Password)
{
    /// <summary>Never prints the password.</summary>
    public override string ToString() => $"NewUser {{ Name = {Name}, Profile = {Profile} }}";
}
