namespace AccessTokens.Tests.Infrastructure;

/// <summary>API tests on SQLite share one running service.</summary>
[CollectionDefinition(Name)]
public sealed class SqliteApiCollection : ICollectionFixture<SqliteApiFixture>
{
    /// <summary>The collection name.</summary>
    public const string Name = "api on sqlite";
}

/// <summary>API tests on PostgreSQL share one running service.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresApiCollection : ICollectionFixture<PostgresApiFixture>
{
    /// <summary>The collection name.</summary>
    public const string Name = "api on postgresql";
}
