namespace AccessTokens.Silo;

/// <summary>Log messages of the silo host.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "{Provider} store schema at version {Version} ({Applied} script(s) applied now)")]
    public static partial void SchemaReady(ILogger logger, string provider, int version, int applied);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "First start on an empty store: created administrator '{Login}' with the configured password")]
    public static partial void AdminCreated(ILogger logger, string login);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "First start on an empty store: created administrator '{Login}' with a generated password, written to {File} (readable by this user only). Sign in, change the password and delete the file, or set Bootstrap:AdminPassword before the first start.")]
    public static partial void AdminCreatedWithGeneratedPassword(ILogger logger, string login, string file);
}
