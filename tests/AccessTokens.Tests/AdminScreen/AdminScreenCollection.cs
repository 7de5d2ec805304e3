namespace AccessTokens.Tests.AdminScreen;

/// <summary>Admin screen tests share one running service and one browser.</summary>
[CollectionDefinition(Name)]
public sealed class AdminScreenCollection : ICollectionFixture<AdminScreenFixture>
{
    /// <summary>The collection name.</summary>
    public const string Name = "admin screen";
}
