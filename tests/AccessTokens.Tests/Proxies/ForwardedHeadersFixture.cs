using AccessTokens.Tests.Infrastructure;

namespace AccessTokens.Tests.Proxies;

/// <summary>A service whose forward authentication reads the <c>forwarded</c> header family (Traefik, Caddy).</summary>
public sealed class ForwardedHeadersFixture : ApiFixture
{
    /// <inheritdoc />
    protected override IEnumerable<string> Settings => [.. base.Settings, "--ForwardAuth:Headers=forwarded"];

    /// <inheritdoc />
    protected override Task<StoreTarget> CreateStoreAsync(TempDirectory directory) => Task.FromResult(StoreTarget.Sqlite(directory.File("forwarded.db")));
}

/// <summary>Tests on the service that reads the <c>forwarded</c> header family.</summary>
[CollectionDefinition(Name)]
public sealed class ForwardedHeadersCollection : ICollectionFixture<ForwardedHeadersFixture>
{
    /// <summary>The collection name.</summary>
    public const string Name = "api reading forwarded headers";
}
