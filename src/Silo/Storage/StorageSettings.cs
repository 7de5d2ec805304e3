namespace AccessTokens.Silo.Storage;

/// <summary>Where grain state is stored, bound from the <c>Storage</c> configuration section.</summary>
public sealed class StorageSettings
{
    /// <summary>The configuration section these settings are bound from.</summary>
    public const string SectionName = "Storage";

    /// <summary>The embedded default: a SQLite file under <c>./data</c>.</summary>
    public const string DefaultSqliteConnectionString = "Data Source=./data/accesstokens.db";

    /// <summary>ADO.NET connection string. Default <see cref="DefaultSqliteConnectionString"/>.</summary>
    public string ConnectionString { get; set; } = DefaultSqliteConnectionString;

    /// <summary>Whether the silo creates or upgrades the schema at start. Default true.</summary>
    public bool ApplySchema { get; set; } = true;
}
