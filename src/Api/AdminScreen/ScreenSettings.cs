namespace AccessTokens.Api.AdminScreen;

/// <summary>What the admin screen needs to know about the service: the time zone its dates are shown in.</summary>
public sealed record ScreenSettings(string TimeZone);
