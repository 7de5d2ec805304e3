namespace AccessTokens.Settings;

/// <summary>
/// A configuration or environment problem that stops the service at start. Its message is the one line an
/// operator reads; the host prints it instead of a stack trace.
/// </summary>
public sealed class StartupException : Exception
{
    /// <summary>Creates the exception with the message an operator acts on.</summary>
    public StartupException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the message an operator acts on and its cause.</summary>
    public StartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an empty exception.</summary>
    public StartupException()
    {
    }
}
