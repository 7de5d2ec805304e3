namespace AccessTokens.Api.Users;

/// <summary>Body of <c>POST /api/v1/users</c>.</summary>
public sealed record CreateUserBody(string? Login, string? Name, string? Profile = null, string? Password = null)
{
    /// <summary>Never prints the password.</summary>
    public override string ToString() => $"CreateUserBody {{ Login = {Login} }}";
}
