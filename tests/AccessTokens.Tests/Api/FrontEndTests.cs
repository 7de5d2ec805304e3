using System.Net;
using System.Net.Http.Json;
using AccessTokens.Api;
using AccessTokens.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace AccessTokens.Tests.Api;

public sealed class FrontEndTests : IDisposable
{
    private readonly TempDirectory directory = new();

    [Fact]
    public async Task Separate_front_end_serves_the_same_api_through_the_cluster_gateway()
    {
        await using var silo = await ServiceHost.StartAsync(directory.File("frontend.db"));
        var address = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        await using var frontEnd = ApiApplication.Build(
            [$"--urls={address}", $"--Cluster:GatewayPort={silo.GatewayPort}"],
            builder => builder.Logging.ClearProviders());
        await frontEnd.StartAsync();
        using var admin = new HttpClient(OpenApiConformance.Handler(address)) { BaseAddress = address };
        admin.DefaultRequestHeaders.Authorization = ServiceHost.Basic("admin", ServiceHost.AdminPassword);

        var login = Names.Login();
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/v1/users", new { login, name = "Front", profile = "User" })).StatusCode);
        var created = await Problem.JsonAsync(await admin.PostAsJsonAsync("/api/v1/access-tokens", new { name = "front", user = login, resources = new[] { "requests" } }));
        using var consumer = new HttpClient(OpenApiConformance.Handler(address)) { BaseAddress = address };
        consumer.DefaultRequestHeaders.Authorization = new("Bearer", created.GetProperty("token").GetString());

        Assert.Equal(HttpStatusCode.OK, (await consumer.GetAsync("/api/v1/auth/check?resource=requests")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await silo.Admin.DeleteAsync($"/api/v1/access-tokens/{created.GetProperty("id").GetString()}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await consumer.GetAsync("/api/v1/auth/check?resource=requests")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await consumer.GetAsync("/health/ready")).StatusCode);

        await frontEnd.StopAsync();
    }

    public void Dispose() => directory.Dispose();
}
