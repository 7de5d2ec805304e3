namespace AccessTokens.Api.AdminScreen;

/// <summary>Log messages of the admin screen: logins, never passwords, token values or anti-forgery tokens.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2200, Level = LogLevel.Information, Message = "{Login} signed in to the admin screen")]
    public static partial void SignedIn(ILogger logger, string login);

    [LoggerMessage(EventId = 2201, Level = LogLevel.Information, Message = "Admin screen sign-in of {Login} refused: wrong credentials, unknown login or disabled user")]
    public static partial void SignInRefused(ILogger logger, string login);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Information, Message = "Admin screen sign-in of {Login} refused: the profile {Profile} may not administer access tokens")]
    public static partial void SignInNotAllowed(ILogger logger, string login, string profile);

    [LoggerMessage(EventId = 2204, Level = LogLevel.Information, Message = "{Login} signed out of the admin screen")]
    public static partial void SignedOut(ILogger logger, string login);

    [LoggerMessage(EventId = 2205, Level = LogLevel.Information, Message = "Admin screen session of {Login} ended: the user is disabled or may no longer administer access tokens")]
    public static partial void SessionEnded(ILogger logger, string login);

    [LoggerMessage(EventId = 2206, Level = LogLevel.Warning, Message = "{Method} {Path} refused: the admin screen cookie came without a valid anti-forgery token")]
    public static partial void AntiforgeryRefused(ILogger logger, string method, string path);

    [LoggerMessage(EventId = 2207, Level = LogLevel.Warning, Message = "The admin screen's files are missing from {Directory}: the screen is not served")]
    public static partial void FilesMissing(ILogger logger, string directory);
}
