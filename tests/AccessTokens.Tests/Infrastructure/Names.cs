namespace AccessTokens.Tests.Infrastructure;

/// <summary>Fresh keys so tests sharing a service never see each other's records.</summary>
public static class Names
{
    private static int counter;

    /// <summary>A new valid login.</summary>
    public static string Login(string stem = "user") => $"{stem}-{Interlocked.Increment(ref counter)}-{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>A new valid resource name.</summary>
    public static string Resource(string stem = "res") => Login(stem);
}
