namespace AccessTokens.Api.Users;

/// <summary>Body of <c>PATCH /api/v1/users/{login}</c>: any of the fields; absent ones stay as they are.</summary>
public sealed record UpdateUserBody(string? Name = null, string? Profile = null, bool? Active = null, string? Password = null)
{
    /// <summary>Never prints the password.</summary>
    public override string ToString() => $"UpdateUserBody {{ Name = {Name}, Profile = {Profile}, Active = {Active} }}";
}
