using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AccessTokens.Tests.Infrastructure;

namespace AccessTokens.Tests.Proxies;

/// <summary>
/// A real reverse proxy with forward authentication, configured as docs/operations.md says, in front of an upstream: the
/// service checks the request the proxy saw, whatever headers the client added to it.
/// </summary>
public abstract class ForwardAuthProxyTests(ApiFixture fixture) : IAsyncLifetime
{
    private const string Password = "proxy-user-password";

    private RecordingUpstream upstream = null!;
    private ProxyServer proxyServer = null!;
    private HttpClient proxy = null!;
    private string root = null!;
    private string requests = null!;
    private string billing = null!;
    private string user = null!;

    public async Task InitializeAsync()
    {
        upstream = await RecordingUpstream.StartAsync();
        proxyServer = await StartProxyAsync(fixture.Host.Address, upstream.Address);
        proxy = new HttpClient { BaseAddress = proxyServer.Address };
        root = "/" + Names.Login("svc");
        requests = await ResourceAsync($"{root}/requests");
        billing = await ResourceAsync($"{root}/billing");
        var profile = "P" + Names.Login().Replace("-", "", StringComparison.Ordinal);
        var created = await fixture.Host.Admin.PostAsJsonAsync("/api/v1/profiles", new
        {
            name = profile,
            resources = new[] { new { resource = requests, access = "read" }, new { resource = billing, access = "readwrite" } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        user = await fixture.CreateUserAsync(profile, password: Password);
    }

    public async Task DisposeAsync()
    {
        proxy.Dispose();
        await proxyServer.DisposeAsync();
        await upstream.DisposeAsync();
    }

    /// <summary>Starts the proxy in front of <paramref name="upstreamAddress"/>, asking <paramref name="service"/>.</summary>
    protected abstract Task<ProxyServer> StartProxyAsync(Uri service, Uri upstreamAddress);

    [Fact]
    public async Task A_good_token_reaches_the_upstream_with_its_user_and_bad_ones_never_do()
    {
        var good = await fixture.CreateTokenAsync(user, [requests]);
        var revoked = await fixture.CreateTokenAsync(user, [requests]);
        await fixture.Host.Admin.DeleteAsync($"/api/v1/access-tokens/{revoked.GetProperty("id").GetString()}");
        var expired = await fixture.CreateTokenAsync(user, [requests], new { expiryDate = fixture.Today.ToString("yyyy-MM-dd") });
        var wrongResource = await fixture.CreateTokenAsync(user, [billing]);

        var passed = await SendAsync(HttpMethod.Get, $"{root}/requests/42?full=1", Bearer(good));
        Assert.Equal(HttpStatusCode.OK, passed.StatusCode);
        Assert.Equal($"upstream saw {user}", await passed.Content.ReadAsStringAsync());

        fixture.Clock.Advance(TimeSpan.FromDays(1));
        foreach (var (credentials, status) in new (AuthenticationHeaderValue?, HttpStatusCode)[]
        {
            (Bearer(revoked), HttpStatusCode.Unauthorized),
            (Bearer(expired), HttpStatusCode.Unauthorized),
            (Bearer(wrongResource), HttpStatusCode.Forbidden),
            (ServiceHost.Basic(user, "not-the-password"), HttpStatusCode.Unauthorized),
            (null, HttpStatusCode.Unauthorized),
        })
        {
            var refused = await SendAsync(HttpMethod.Get, $"{root}/requests/43", credentials, ("X-Auth-User", "admin"));
            Assert.Equal(status, refused.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Get, $"{root}/requests-archive/1", Bearer(good))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Get, $"{root}/requests/../billing/1", Bearer(good))).StatusCode);
        Assert.Equal([new UpstreamRequest("GET", $"{root}/requests/42?full=1", user, good.GetProperty("id").GetString())], upstream.Received.ToArray());
    }

    [Fact]
    public async Task Headers_the_client_adds_of_either_family_never_change_what_is_checked()
    {
        var readOnly = await fixture.CreateTokenAsync(user, [requests]);
        var credentials = Bearer(readOnly);
        (string, string)[] toAllowed =
        [
            ("X-Original-URI", $"{root}/requests/1"), ("X-Original-Method", "GET"),
            ("X-Forwarded-Uri", $"{root}/requests/1"), ("X-Forwarded-Method", "GET"),
        ];

        // A read-only token may not write, nor reach another resource, whatever the client says the request was.
        foreach (var method in new[] { HttpMethod.Put, HttpMethod.Delete, HttpMethod.Post })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(method, $"{root}/requests/1", credentials, toAllowed)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Get, $"{root}/billing/1", credentials, toAllowed)).StatusCode);
        var basic = ServiceHost.Basic(user, Password);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Put, $"{root}/requests/4", basic, toAllowed)).StatusCode);

        // What it may do still passes, checked for the path and method the proxy saw, with the identity the service gave.
        (string, string)[] elsewhere =
        [
            ("X-Original-URI", $"{root}/billing/1"), ("X-Original-Method", "DELETE"),
            ("X-Forwarded-Uri", $"{root}/billing/1"), ("X-Forwarded-Method", "DELETE"),
            ("X-Auth-User", "admin"), ("X-Auth-Token-Id", "forged"),
        ];
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, $"{root}/requests/2", credentials, elsewhere)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Head, $"{root}/requests/3", credentials, elsewhere)).StatusCode);

        // Basic credentials carry no token: a forged token id never reaches the upstream either.
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, $"{root}/requests/4", basic, elsewhere)).StatusCode);

        var id = readOnly.GetProperty("id").GetString();
        Assert.Equal(
            [new("GET", $"{root}/requests/2", user, id), new("HEAD", $"{root}/requests/3", user, id), new UpstreamRequest("GET", $"{root}/requests/4", user, null)],
            upstream.Received.ToArray());
    }

    [Fact]
    public async Task A_token_past_its_rate_limit_gets_429_with_retry_after_through_the_proxy_and_never_reaches_the_upstream()
    {
        var limited = await fixture.CreateTokenAsync(user, [requests], new { rateLimit = new { requests = 2, per = "01:00:00" } });

        for (var i = 0; i < 2; i++)
        {
            using var passed = await SendAsync(HttpMethod.Get, $"{root}/requests/{i}", Bearer(limited));
            Assert.Equal(HttpStatusCode.OK, passed.StatusCode);
            if (CopiesRateLimitFieldsOfPassedRequests)
            {
                Assert.Equal($"\"token\";r={1 - i};t=3600", Assert.Single(passed.Headers.GetValues("RateLimit")));
            }
        }

        using var refused = await SendAsync(HttpMethod.Get, $"{root}/requests/2", Bearer(limited));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.InRange(int.Parse(Assert.Single(refused.Headers.GetValues("Retry-After"))), 3500, 3600);
        Assert.StartsWith("\"token\";r=0;", Assert.Single(refused.Headers.GetValues("RateLimit")), StringComparison.Ordinal);
        Assert.Equal("\"token\";q=2;w=3600", Assert.Single(refused.Headers.GetValues("RateLimit-Policy")));
        Assert.Equal(2, upstream.Received.Count);
    }

    [Fact]
    public async Task A_token_allowed_one_address_passes_the_proxy_from_it_and_not_from_another_that_claims_it()
    {
        var pinned = LoopbackAddresses.Fresh();
        var other = LoopbackAddresses.Fresh();
        var token = await fixture.CreateTokenAsync(user, [requests], new { allowedAddresses = new[] { pinned.ToString() } });
        using var fromPinned = LoopbackAddresses.PlainClientFrom(proxyServer.Address, pinned);
        using var fromOther = LoopbackAddresses.PlainClientFrom(proxyServer.Address, other);

        using (var request = new HttpRequestMessage(HttpMethod.Get, $"{root}/requests/1"))
        {
            request.Headers.Authorization = Bearer(token);
            Assert.Equal(HttpStatusCode.OK, (await fromPinned.SendAsync(request)).StatusCode);
        }

        // Whatever the other client says it is, the proxy names the address it connects from.
        using (var forged = new HttpRequestMessage(HttpMethod.Get, $"{root}/requests/2"))
        {
            forged.Headers.Authorization = Bearer(token);
            forged.Headers.TryAddWithoutValidation("X-Forwarded-For", pinned.ToString());
            forged.Headers.TryAddWithoutValidation("X-Real-IP", pinned.ToString());
            Assert.Equal(HttpStatusCode.Forbidden, (await fromOther.SendAsync(forged)).StatusCode);
        }

        var view = await Problem.JsonAsync(await fixture.Host.Admin.GetAsync($"/api/v1/access-tokens/{token.GetProperty("id").GetString()}"));
        Assert.Equal(pinned.ToString(), Assert.Single(view.GetProperty("recentAddresses").EnumerateArray()).GetProperty("address").GetString());
        Assert.Single(upstream.Received);
    }

    /// <summary>True when the proxy's documented block also hands a passed request's rate limit fields to the client.</summary>
    protected virtual bool CopiesRateLimitFieldsOfPassedRequests => false;

    private static AuthenticationHeaderValue Bearer(JsonElement token) => new("Bearer", token.GetProperty("token").GetString());

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, AuthenticationHeaderValue? credentials, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = credentials;
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
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

/// <summary>nginx <c>auth_request</c> in front, the service reading the <c>original</c> header family (its default).</summary>
[Collection(SqliteApiCollection.Name)]
public sealed class NginxForwardAuthTests(SqliteApiFixture fixture) : ForwardAuthProxyTests(fixture)
{
    protected override Task<ProxyServer> StartProxyAsync(Uri service, Uri upstreamAddress) => ProxyServer.StartNginxAsync(service, upstreamAddress);

    protected override bool CopiesRateLimitFieldsOfPassedRequests => true;
}

/// <summary>Caddy <c>forward_auth</c> in front, the service reading the <c>forwarded</c> header family.</summary>
[Collection(ForwardedHeadersCollection.Name)]
public sealed class CaddyForwardAuthTests(ForwardedHeadersFixture fixture) : ForwardAuthProxyTests(fixture)
{
    protected override Task<ProxyServer> StartProxyAsync(Uri service, Uri upstreamAddress) => ProxyServer.StartCaddyAsync(service, upstreamAddress);
}
