namespace AccessTokens.Tests.Infrastructure;

/// <summary>A fresh folder under the system temp folder, removed on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    /// <summary>The folder's path.</summary>
    public string Path { get; } = Directory.CreateTempSubdirectory("accesstokens-tests-").FullName;

    /// <summary>A path inside the folder.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a closing connection pool: the OS temp cleaner takes it later.
        }
    }
}
