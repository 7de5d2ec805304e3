using System.Net;
using System.Net.Http.Json;
using AccessTokens.Tests.Infrastructure;

namespace AccessTokens.Tests.Api;

public sealed class LogSecrecyTests : IDisposable
{
    private readonly TempDirectory directory = new();

    [Fact]
    public async Task Token_values_and_passwords_never_reach_the_log()
    {
        await using var host = await ServiceHost.StartAsync(directory.File("logs.db"));
        const string password = "p4ssw0rd-never-logged";
        var login = Names.Login();
        await host.Admin.PostAsJsonAsync("/api/v1/users", new { login, name = "Logged", profile = "Administrator", password });
        var created = await Problem.JsonAsync(await host.Admin.PostAsJsonAsync("/api/v1/access-tokens", new { name = "logged", user = login, resources = new[] { "requests" } }));
        var id = created.GetProperty("id").GetString()!;
        var value = created.GetProperty("token").GetString()!;
        var secret = value.Split('_')[2];

        using var consumer = host.WithBearer(value);
        Assert.Equal(HttpStatusCode.OK, (await consumer.GetAsync("/api/v1/auth/check?resource=requests")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await consumer.GetAsync("/api/v1/auth/check?resource=assets")).StatusCode);
        using var basic = host.NewClient();
        basic.DefaultRequestHeaders.Authorization = ServiceHost.Basic(login, password);
        Assert.Equal(HttpStatusCode.OK, (await basic.GetAsync("/api/v1/auth/check?resource=requests")).StatusCode);
        basic.DefaultRequestHeaders.Authorization = ServiceHost.Basic(login, password + "-wrong");
        Assert.Equal(HttpStatusCode.Unauthorized, (await basic.GetAsync("/api/v1/auth/check?resource=requests")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await host.Admin.DeleteAsync($"/api/v1/access-tokens/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await consumer.GetAsync("/api/v1/auth/check?resource=requests")).StatusCode);
        await host.StopAsync();

        Assert.True(host.Logs.Entries.Count > 50, "the capture saw the run");
        Assert.True(host.Logs.Contains($"Token {id} created"), "the creation is logged by id");
        Assert.True(host.Logs.Contains($"Token {id} refused for resource requests: Revoked"), "the refusal is logged by id with its reason");
        Assert.False(host.Logs.Contains(value), "a token value was logged");
        Assert.False(host.Logs.Contains(secret), "a token secret was logged");
        Assert.False(host.Logs.Contains(secret[..20]), "part of a token secret was logged");
        Assert.False(host.Logs.Contains(password), "a password was logged");
        Assert.False(host.Logs.Contains(ServiceHost.AdminPassword), "the administrator password was logged");
    }

    public void Dispose() => directory.Dispose();
}
