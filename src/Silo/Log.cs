namespace AccessTokens.Silo;

/// <summary>Log messages of the silo host.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "{Provider} store schema at version {Version} ({Applied} script(s) applied now)")]
    public static partial void SchemaReady(ILogger logger, string provider, int version, int applied);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "First start on an empty store: created administrator '{Login}' with the configured password")]
    public static partial void AdminCreated(ILogger logger, string login);

    // The one deliberate exception to "never log a password": an empty store with no configured password
    // has no other way to hand the first administrator their credentials. It is written once.
    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "First start on an empty store: created administrator '{Login}' with generated password {Password}. Change it, or set Bootstrap:AdminPassword before the first start.")]
    public static partial void AdminCreatedWithGeneratedPassword(ILogger logger, string login, string password);
}
