namespace AccessTokens.Api.AdminScreen;

/// <summary>The signed-in administrator, as the admin screen shows it.</summary>
public sealed record SessionView(string User);
