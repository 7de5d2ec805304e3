using System.ComponentModel.DataAnnotations;

namespace AccessTokens.Settings;

/// <summary>Where grain state (and, for a cluster, membership) is stored, bound from the <c>Storage</c> section.</summary>
public sealed class StorageSettings : IValidatableObject
{
    /// <summary>The configuration section these settings are bound from.</summary>
    public const string SectionName = "Storage";

    /// <summary>The embedded default: a SQLite file under <c>./data</c>.</summary>
    public const string DefaultSqliteConnectionString = "Data Source=./data/accesstokens.db";

    /// <summary>The database engine. Default <see cref="StorageProvider.Sqlite"/>.</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>ADO.NET connection string; required except for SQLite, whose default is <see cref="DefaultSqliteConnectionString"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Whether the silo creates or upgrades the schema at start. Default true.</summary>
    public bool ApplySchema { get; set; } = true;

    /// <summary>The connection string in force: the configured one, or the SQLite default.</summary>
    public string EffectiveConnectionString =>
        !string.IsNullOrWhiteSpace(ConnectionString) ? ConnectionString
        : Provider == StorageProvider.Sqlite ? DefaultSqliteConnectionString
        : throw new StartupException($"Storage:ConnectionString is required with Storage:Provider={Provider}.");

    /// <summary>The ADO.NET invariant name Orleans knows this engine by.</summary>
    public string Invariant => Provider switch
    {
        StorageProvider.PostgreSql => "Npgsql",
        StorageProvider.SqlServer => "Microsoft.Data.SqlClient",
        _ => "System.Data.SQLite",
    };

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(ConnectionString) && Provider != StorageProvider.Sqlite)
        {
            yield return new ValidationResult(
                $"{SectionName}:ConnectionString is required with {SectionName}:Provider={Provider}.", [nameof(ConnectionString)]);
        }
    }
}
