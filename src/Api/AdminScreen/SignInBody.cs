namespace AccessTokens.Api.AdminScreen;

/// <summary>Body of <c>POST /ui/sign-in</c>.</summary>
public sealed record SignInBody(string? Login, string? Password)
{
    /// <summary>Never prints the password.</summary>
    public override string ToString() => $"SignInBody {{ Login = {Login} }}";
}
