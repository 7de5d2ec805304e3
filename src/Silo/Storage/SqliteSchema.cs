using System.Globalization;
using System.Reflection;
using Microsoft.Data.Sqlite;

namespace AccessTokens.Silo.Storage;

/// <summary>
/// Creates or upgrades the SQLite schema from the project's own versioned scripts. Each script runs once,
/// in its own immediate transaction together with the row recording its version, so a concurrent or
/// interrupted start leaves the schema either before or after that version, never between.
/// </summary>
public static class SqliteSchema
{
    /// <summary>The ADO.NET invariant Orleans maps to Microsoft.Data.Sqlite.</summary>
    public const string Invariant = "System.Data.SQLite";

    private const string ResourcePrefix = "AccessTokens.Silo.Storage.Schema.sqlite.";

    /// <summary>The ordered scripts shipped with this build: version number and SQL text.</summary>
    public static IReadOnlyList<(int Version, string Sql)> Scripts { get; } = LoadScripts();

    /// <summary>The schema version this build expects.</summary>
    public static int LatestVersion => Scripts[^1].Version;

    /// <summary>Applies every script newer than the store's version; returns how many were applied.</summary>
    public static async Task<int> ApplyAsync(string connectionString, CancellationToken cancellationToken)
    {
        EnsureDirectory(connectionString);
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null, "PRAGMA journal_mode = WAL;", cancellationToken);
        await ExecuteAsync(connection, null, """
            CREATE TABLE IF NOT EXISTS AccessTokensSchema
            (
                Version   INTEGER NOT NULL PRIMARY KEY,
                AppliedOn TEXT NOT NULL
            );
            """, cancellationToken);

        var applied = 0;
        foreach (var (version, sql) in Scripts)
        {
            await using var transaction = connection.BeginTransaction(deferred: false);
            if (await CurrentVersionAsync(connection, transaction, cancellationToken) >= version)
            {
                continue;
            }

            await ExecuteAsync(connection, transaction, sql, cancellationToken);
            await ExecuteAsync(connection, transaction,
                $"INSERT INTO AccessTokensSchema (Version, AppliedOn) VALUES ({version.ToString(CultureInfo.InvariantCulture)}, datetime('now'));",
                cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            applied++;
        }

        return applied;
    }

    /// <summary>The highest version applied to the store, 0 when none.</summary>
    public static async Task<int> CurrentVersionAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT COALESCE(MAX(Version), 0) FROM AccessTokensSchema;";
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void EnsureDirectory(string connectionString)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        var directory = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(dataSource) && dataSource != ":memory:" && directory is not null)
        {
            Directory.CreateDirectory(directory);
        }
    }

    private static List<(int Version, string Sql)> LoadScripts()
    {
        var assembly = Assembly.GetExecutingAssembly();
        return [.. assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .Select(name =>
            {
                var file = name[ResourcePrefix.Length..];
                var version = int.Parse(file.AsSpan(0, file.IndexOf('-', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
                using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
                return (version, reader.ReadToEnd());
            })
            .OrderBy(script => script.version)];
    }
}
