using System.Net;
using System.Net.Http.Json;
using AccessTokens.Settings;
using AccessTokens.Silo.Storage;
using AccessTokens.Tests.Infrastructure;

namespace AccessTokens.Tests.Cluster;

public sealed class SqlServerTests
{
    private static StoreTarget Store => new(StorageProvider.SqlServer, Environment.GetEnvironmentVariable(SqlServerFactAttribute.Variable)!);

    [SqlServerFact]
    public async Task The_schema_applies_and_reapplies_on_sql_server()
    {
        var first = await StoreSchema.ApplyAsync(Store.Settings, CancellationToken.None);
        var second = await StoreSchema.ApplyAsync(Store.Settings, CancellationToken.None);

        Assert.Equal(StoreSchema.LatestVersion(StorageProvider.SqlServer), first.Version);
        Assert.Equal(0, second.Applied);
    }

    [SqlServerFact]
    public async Task Two_silos_on_sql_server_share_tokens_and_revocations()
    {
        var clusterId = "sqlserver-" + Guid.NewGuid().ToString("N")[..8];
        await using var a = await SiloProcess.StartSiloAsync("A", Store, clusterId);
        await using var b = await SiloProcess.StartSiloAsync("B", Store, clusterId);
        var user = await ClusterApi.CreateUserAsync(a);
        var (id, value) = await ClusterApi.CreateTokenAsync(a, user);

        Assert.Equal(HttpStatusCode.OK, await ClusterApi.CheckAsync(b, value));
        Assert.Equal(HttpStatusCode.NoContent, (await b.Admin.DeleteAsync($"/api/v1/access-tokens/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await ClusterApi.CheckAsync(a, value));
        Assert.Equal(HttpStatusCode.OK, (await a.Admin.GetAsync($"/api/v1/users/{user}")).StatusCode);
        _ = await a.Admin.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/access-tokens");
    }
}
