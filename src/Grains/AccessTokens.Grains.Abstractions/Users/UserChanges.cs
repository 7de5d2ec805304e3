namespace AccessTokens.Users;

/// <summary>A partial update of a user: null fields are left as they are.</summary>
[GenerateSerializer, Immutable, Alias("AccessTokens.UserChanges")]
public sealed record UserChanges(
    [property: Id(0)] string? Name,
    [property: Id(1)] string? Profile,
    [property: Id(2)] bool? Active,
    [property: Id(3)] string? Password)
{
    /// <summary>Never prints the password.</summary>
    public override string ToString() => $"UserChanges {{ Name = {Name}, Profile = {Profile}, Active = {Active} }}";
}
