namespace AccessTokens.Settings;

/// <summary>The database engines the service stores its state in.</summary>
public enum StorageProvider
{
    /// <summary>An embedded SQLite file: one silo, nothing to install.</summary>
    Sqlite,

    /// <summary>PostgreSQL: the multi-silo store (state and membership).</summary>
    PostgreSql,

    /// <summary>SQL Server: a multi-silo store (state and membership).</summary>
    SqlServer,
}
