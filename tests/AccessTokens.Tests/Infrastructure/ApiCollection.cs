namespace AccessTokens.Tests.Infrastructure;

/// <summary>API tests share one running service.</summary>
[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    /// <summary>The collection name.</summary>
    public const string Name = "api";
}
