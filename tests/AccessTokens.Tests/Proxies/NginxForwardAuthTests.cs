using System.Net;
using System.Net.Http.Json;
using AccessTokens.Tests.Infrastructure;

namespace AccessTokens.Tests.Proxies;

/// <summary>A real nginx with <c>auth_request</c> in front of an upstream, asking the service about every request.</summary>
[Collection(SqliteApiCollection.Name)]
public sealed class NginxForwardAuthTests(SqliteApiFixture fixture) : IAsyncLifetime
{
    private RecordingUpstream upstream = null!;
    private NginxServer nginx = null!;
    private HttpClient proxy = null!;

    public async Task InitializeAsync()
    {
        upstream = await RecordingUpstream.StartAsync();
        nginx = await NginxServer.StartAsync(fixture.Host.Address, upstream.Address);
        proxy = new HttpClient { BaseAddress = nginx.Address };
    }

    public async Task DisposeAsync()
    {
        proxy.Dispose();
        await nginx.DisposeAsync();
        await upstream.DisposeAsync();
    }

    [Fact]
    public async Task A_good_token_reaches_the_upstream_with_its_user_and_bad_ones_never_do()
    {
        var root = "/" + Names.Login("svc");
        var requests = await ResourceAsync($"{root}/requests");
        var other = await ResourceAsync($"{root}/billing");
        var profile = "P" + Names.Login().Replace("-", "", StringComparison.Ordinal);
        await fixture.Host.Admin.PostAsJsonAsync("/api/v1/profiles", new
        {
            name = profile,
            resources = new[] { new { resource = requests, access = "readwrite" }, new { resource = other, access = "readwrite" } },
        });
        var user = await fixture.CreateUserAsync(profile);
        var good = (await fixture.CreateTokenAsync(user, [requests])).GetProperty("token").GetString()!;
        var revoked = await fixture.CreateTokenAsync(user, [requests]);
        await fixture.Host.Admin.DeleteAsync($"/api/v1/access-tokens/{revoked.GetProperty("id").GetString()}");
        var expired = (await fixture.CreateTokenAsync(user, [requests], new { expiryDate = fixture.Today.ToString("yyyy-MM-dd") })).GetProperty("token").GetString()!;
        var wrongResource = (await fixture.CreateTokenAsync(user, [other])).GetProperty("token").GetString()!;

        var passed = await SendAsync($"{root}/requests/42?full=1", good);
        Assert.Equal(HttpStatusCode.OK, passed.StatusCode);
        Assert.Equal($"upstream saw {user}", await passed.Content.ReadAsStringAsync());
        Assert.Contains(($"{root}/requests/42?full=1", user), upstream.Received);

        fixture.Clock.Advance(TimeSpan.FromDays(1));
        foreach (var (token, status) in new (string?, HttpStatusCode)[]
        {
            (revoked.GetProperty("token").GetString(), HttpStatusCode.Unauthorized),
            (expired, HttpStatusCode.Unauthorized),
            (wrongResource, HttpStatusCode.Forbidden),
            (null, HttpStatusCode.Unauthorized),
        })
        {
            var refused = await SendAsync($"{root}/requests/43", token, forgedUser: "admin");
            Assert.Equal(status, refused.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync($"{root}/requests-archive/1", good)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync($"{root}/requests/../billing/1", good)).StatusCode);
        Assert.DoesNotContain(upstream.Received, r => r.Path != $"{root}/requests/42?full=1");
    }

    private async Task<HttpResponseMessage> SendAsync(string path, string? token, string? forgedUser = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
        {
            request.Headers.Authorization = new("Bearer", token);
        }

        if (forgedUser is not null)
        {
            request.Headers.Add("X-Auth-User", forgedUser);
        }

        return await proxy.SendAsync(request);
    }

    private async Task<string> ResourceAsync(string prefix)
    {
        var name = Names.Resource();
        var response = await fixture.Host.Admin.PostAsJsonAsync("/api/v1/resources", new { name, pathPrefixes = new[] { prefix } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return name;
    }
}
