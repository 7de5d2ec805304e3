using AccessTokens.Settings;

namespace AccessTokens.Tests.Infrastructure;

/// <summary>The store a test host or cluster persists to.</summary>
public sealed record StoreTarget(StorageProvider Provider, string ConnectionString)
{
    /// <summary>A SQLite file.</summary>
    public static StoreTarget Sqlite(string file) => new(StorageProvider.Sqlite, $"Data Source={file}");

    /// <summary>The settings a silo is given for this store.</summary>
    public StorageSettings Settings => new() { Provider = Provider, ConnectionString = ConnectionString };

    /// <summary>Command-line arguments that point a silo at this store.</summary>
    public IEnumerable<string> Arguments => [$"--Storage:Provider={Provider}", $"--Storage:ConnectionString={ConnectionString}"];
}
