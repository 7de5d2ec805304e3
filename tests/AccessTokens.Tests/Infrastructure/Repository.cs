namespace AccessTokens.Tests.Infrastructure;

/// <summary>The checkout the tests run from.</summary>
public static class Repository
{
    /// <summary>The folder of <c>AccessTokens.sln</c>, above the test binaries.</summary>
    public static string Root { get; } = Find();

    private static string Find()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(folder.FullName, "AccessTokens.sln")))
        {
            folder = folder.Parent ?? throw new InvalidOperationException("AccessTokens.sln not found above the test binaries.");
        }

        return folder.FullName;
    }
}
