using System.Data.Common;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using AccessTokens.Settings;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace AccessTokens.Silo.Storage;

/// <summary>
/// Creates or upgrades the store's schema from the project's own versioned scripts
/// (<c>Storage/Schema/&lt;engine&gt;/NNNN-*.sql</c>). Everything runs in one transaction that first takes an
/// exclusive lock (PostgreSQL advisory lock, SQL Server application lock, SQLite immediate transaction),
/// so silos starting together against an empty database apply each version exactly once, and an
/// up-to-date schema is only read.
/// </summary>
public static partial class StoreSchema
{
    /// <summary>The scripts of an engine, in version order.</summary>
    public static IReadOnlyList<(int Version, string Sql)> Scripts(StorageProvider provider) => ScriptsByProvider[provider];

    /// <summary>The schema version this build expects of an engine.</summary>
    public static int LatestVersion(StorageProvider provider) => ScriptsByProvider[provider][^1].Version;

    /// <summary>Applies every script newer than the store's version; returns the version reached and how many were applied.</summary>
    public static async Task<(int Version, int Applied)> ApplyAsync(StorageSettings storage, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(storage, cancellationToken);
        if (storage.Provider == StorageProvider.Sqlite)
        {
            await ExecuteAsync(connection, null, "PRAGMA journal_mode = WAL;", cancellationToken);
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (LockStatement(storage.Provider) is { } takeLock)
        {
            await ExecuteAsync(connection, transaction, takeLock, cancellationToken);
        }

        await ExecuteAsync(connection, transaction, VersionTableStatement(storage.Provider), cancellationToken);
        var current = await ReadVersionAsync(connection, transaction, cancellationToken);
        var applied = 0;
        foreach (var (version, sql) in Scripts(storage.Provider).Where(script => script.Version > current))
        {
            foreach (var batch in Batches(storage.Provider, sql))
            {
                await ExecuteAsync(connection, transaction, batch, cancellationToken);
            }

            await ExecuteAsync(connection, transaction, string.Create(CultureInfo.InvariantCulture,
                $"INSERT INTO AccessTokensSchema (Version, AppliedOn) VALUES ({version}, CURRENT_TIMESTAMP);"), cancellationToken);
            current = version;
            applied++;
        }

        await transaction.CommitAsync(cancellationToken);
        return (current, applied);
    }

    /// <summary>The schema version of the store, 0 when it has none; throws <see cref="StartupException"/> when unreachable.</summary>
    public static async Task<int> CurrentVersionAsync(StorageSettings storage, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(storage, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = storage.Provider == StorageProvider.SqlServer
            ? "SELECT CASE WHEN OBJECT_ID(N'AccessTokensSchema', N'U') IS NULL THEN 0 ELSE 1 END;"
            : storage.Provider == StorageProvider.PostgreSql
                ? "SELECT CASE WHEN to_regclass('accesstokensschema') IS NULL THEN 0 ELSE 1 END;"
                : "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'AccessTokensSchema';";
        if (Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) == 0)
        {
            return 0;
        }

        return await ReadVersionAsync(connection, null, cancellationToken);
    }

    /// <summary>Opens a connection to the store, turning "cannot reach it" into one clear start-up message.</summary>
    public static async Task<DbConnection> OpenAsync(StorageSettings storage, CancellationToken cancellationToken)
    {
        DbConnection connection = storage.Provider switch
        {
            StorageProvider.PostgreSql => new NpgsqlConnection(storage.EffectiveConnectionString),
            StorageProvider.SqlServer => new SqlConnection(storage.EffectiveConnectionString),
            _ => new SqliteConnection(PrepareSqlite(storage.EffectiveConnectionString)),
        };
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch (Exception exception) when (exception is DbException or InvalidOperationException or TimeoutException or IOException)
        {
            await connection.DisposeAsync();
            throw new StartupException($"Cannot reach the {storage.Provider} store: {exception.Message}", exception);
        }
    }

    private static async Task<int> ReadVersionAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT COALESCE(MAX(Version), 0) FROM AccessTokensSchema;";
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.CommandTimeout = 120;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string? LockStatement(StorageProvider provider) => provider switch
    {
        // Held until the transaction ends; any number that is this service's own.
        StorageProvider.PostgreSql => "SELECT pg_advisory_xact_lock(727365616);",
        StorageProvider.SqlServer =>
            "EXEC sp_getapplock @Resource = N'AccessTokensSchema', @LockMode = N'Exclusive', @LockOwner = N'Transaction', @LockTimeout = 120000;",
        _ => null,
    };

    private static string VersionTableStatement(StorageProvider provider) => provider == StorageProvider.SqlServer
        ? "IF OBJECT_ID(N'AccessTokensSchema', N'U') IS NULL CREATE TABLE AccessTokensSchema (Version INT NOT NULL PRIMARY KEY, AppliedOn DATETIME2 NOT NULL);"
        : "CREATE TABLE IF NOT EXISTS AccessTokensSchema (Version INTEGER NOT NULL PRIMARY KEY, AppliedOn TIMESTAMP NOT NULL);";

    private static IEnumerable<string> Batches(StorageProvider provider, string sql) => provider == StorageProvider.SqlServer
        ? BatchSeparator().Split(sql).Where(batch => !string.IsNullOrWhiteSpace(batch))
        : [sql];

    private static string PrepareSqlite(string connectionString)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (!string.IsNullOrEmpty(dataSource) && dataSource != ":memory:" && Path.GetDirectoryName(Path.GetFullPath(dataSource)) is { } directory)
        {
            Directory.CreateDirectory(directory);
        }

        return connectionString;
    }

    private static readonly Dictionary<StorageProvider, List<(int Version, string Sql)>> ScriptsByProvider = new()
    {
        [StorageProvider.Sqlite] = LoadScripts("sqlite"),
        [StorageProvider.PostgreSql] = LoadScripts("postgresql"),
        [StorageProvider.SqlServer] = LoadScripts("sqlserver"),
    };

    private static List<(int Version, string Sql)> LoadScripts(string folder)
    {
        var assembly = Assembly.GetExecutingAssembly();
        var prefix = $"AccessTokens.Silo.Storage.Schema.{folder}.";
        return [.. assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal))
            .Select(name =>
            {
                var file = name[prefix.Length..];
                var version = int.Parse(file.AsSpan(0, file.IndexOf('-', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
                using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
                return (version, reader.ReadToEnd());
            })
            .OrderBy(script => script.version)];
    }

    [GeneratedRegex(@"^\s*GO\s*$", RegexOptions.Multiline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BatchSeparator();
}
