using System.Net;
using System.Net.Http.Json;
using AccessTokens.Tests.Infrastructure;

namespace AccessTokens.Tests.Api;

/// <summary>
/// <c>/auth/forward</c> as a reverse proxy calls it: the original URI maps to the resource with the longest
/// whole-segment prefix, then the credentials are checked for it and the original method.
/// </summary>
public abstract class ForwardAuthTests(ApiFixture fixture) : IAsyncLifetime
{
    private string root = null!;
    private string requests = null!;
    private string archive = null!;
    private string special = null!;
    private string value = null!;
    private string tokenId = null!;
    private string user = null!;

    private ServiceHost Host => fixture.Host;

    public async Task InitializeAsync()
    {
        root = "/" + Names.Login("app");
        requests = await ResourceAsync($"{root}/requests");
        archive = await ResourceAsync($"{root}/requests-archive");
        special = await ResourceAsync($"{root}/requests/special");
        var profile = "P" + Names.Login().Replace("-", "", StringComparison.Ordinal);
        await Host.Admin.PostAsJsonAsync("/api/v1/profiles", new
        {
            name = profile,
            resources = new[] { new { resource = requests, access = "read" }, new { resource = archive, access = "readwrite" }, new { resource = special, access = "readwrite" } },
        });
        user = await fixture.CreateUserAsync(profile);
        var token = await fixture.CreateTokenAsync(user, [requests]);
        (value, tokenId) = (token.GetProperty("token").GetString()!, token.GetProperty("id").GetString()!);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_path_under_the_tokens_resource_passes_with_the_user_and_token_headers()
    {
        foreach (var uri in new[] { $"{root}/requests", $"{root}/requests/7?x=1", $"{root}/requests/a/b", $"{root}/%72equests/7", $"{root}//requests/./7" })
        {
            var response = await ForwardAsync(uri, "GET", value);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{uri}: {(int)response.StatusCode}");
            Assert.Equal(user, Assert.Single(response.Headers.GetValues("X-Auth-User")));
            Assert.Equal(tokenId, Assert.Single(response.Headers.GetValues("X-Auth-Token-Id")));
            Assert.Equal(requests, Assert.Single(response.Headers.GetValues("X-Auth-Resource")));
        }
    }

    [Theory]
    [InlineData("/requests-archive/1")]
    [InlineData("/requests-archive")]
    [InlineData("/requests/special/1")]
    [InlineData("/requests/../requests-archive/1")]
    [InlineData("/requests/%2e%2e/requests-archive/1")]
    [InlineData("/other")]
    [InlineData("/requestsx")]
    public async Task A_path_of_another_resource_or_of_none_is_forbidden(string path)
    {
        var response = await ForwardAsync(root + path, "GET", value);
        await Problem.AssertAsync(response, HttpStatusCode.Forbidden);
        Problem.AssertChallenge(response, "insufficient_scope");
        Assert.False(response.Headers.Contains("X-Auth-User"));
    }

    [Theory]
    [InlineData("/requests%2F7")]
    [InlineData("/requests/%5C..%5C")]
    [InlineData("/requests/%00")]
    [InlineData("/../../etc/passwd")]
    [InlineData("requests")]
    [InlineData("/requests/%zz")]
    public async Task A_path_that_cannot_be_read_safely_is_a_bad_request(string path)
    {
        var uri = path.StartsWith("/../", StringComparison.Ordinal) || !path.StartsWith('/') ? path : root + path;
        await Problem.AssertAsync(await ForwardAsync(uri, "GET", value), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_original_method_decides_read_or_write()
    {
        Assert.Equal(HttpStatusCode.OK, (await ForwardAsync($"{root}/requests/7", "HEAD", value)).StatusCode);
        await Problem.AssertAsync(await ForwardAsync($"{root}/requests/7", "POST", value), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Only_the_configured_header_family_is_read_and_a_request_with_the_other_is_refused()
    {
        // A proxy sets its own family and passes the client's headers on: the other family can only be the client's.
        foreach (var extra in new[] { "X-Forwarded-Uri", "X-Forwarded-Method" })
        {
            using var both = ForwardRequest($"{root}/requests/9", "GET", value);
            both.Headers.TryAddWithoutValidation(extra, extra.EndsWith("Uri", StringComparison.Ordinal) ? $"{root}/requests-archive/1" : "GET");
            var refused = await Host.Anonymous.SendAsync(both);
            await Problem.AssertAsync(refused, HttpStatusCode.BadRequest);
            Problem.AssertChallenge(refused, "invalid_request");
        }

        using var traefik = new HttpRequestMessage(HttpMethod.Get, "/auth/forward");
        traefik.Headers.Add("X-Forwarded-Uri", $"{root}/requests/9");
        traefik.Headers.Add("X-Forwarded-Method", "GET");
        traefik.Headers.Authorization = new("Bearer", value);
        await Problem.AssertAsync(await Host.Anonymous.SendAsync(traefik), HttpStatusCode.BadRequest);

        // The method is never guessed: without it a write could be checked as a read.
        using var noMethod = ForwardRequest($"{root}/requests/9", null, value);
        await Problem.AssertAsync(await Host.Anonymous.SendAsync(noMethod), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Envoy_paths_are_checked_with_their_own_method_whatever_headers_say()
    {
        using var envoy = new HttpRequestMessage(HttpMethod.Get, $"/auth/forward{root}/requests/9");
        envoy.Headers.Authorization = new("Bearer", value);
        Assert.Equal(HttpStatusCode.OK, (await Host.Anonymous.SendAsync(envoy)).StatusCode);

        foreach (var (family, uri, method) in new[] { ("X-Original", "X-Original-URI", "X-Original-Method"), ("X-Forwarded", "X-Forwarded-Uri", "X-Forwarded-Method") })
        {
            using var write = new HttpRequestMessage(HttpMethod.Delete, $"/auth/forward{root}/requests/9");
            write.Headers.Authorization = new("Bearer", value);
            write.Headers.TryAddWithoutValidation(method, "GET");
            write.Headers.TryAddWithoutValidation(uri, $"{root}/requests/9");
            Assert.True(HttpStatusCode.Forbidden == (await Host.Anonymous.SendAsync(write)).StatusCode, family);

            using var elsewhere = new HttpRequestMessage(HttpMethod.Get, $"/auth/forward{root}/requests-archive/1");
            elsewhere.Headers.Authorization = new("Bearer", value);
            elsewhere.Headers.TryAddWithoutValidation(uri, $"{root}/requests/9");
            Assert.True(HttpStatusCode.Forbidden == (await Host.Anonymous.SendAsync(elsewhere)).StatusCode, family);
        }
    }

    [Fact]
    public async Task Missing_bad_revoked_or_expired_credentials_are_refused()
    {
        var none = await ForwardAsync($"{root}/requests/1", "GET", null);
        await Problem.AssertAsync(none, HttpStatusCode.Unauthorized);
        Problem.AssertChallenge(none, null);
        Problem.AssertChallenge(await ForwardAsync($"{root}/requests/1", "GET", value[..^2] + "zz"), "invalid_token");

        var expiring = await fixture.CreateTokenAsync(user, [requests], new { expiryDate = fixture.Today.ToString("yyyy-MM-dd") });
        var revoked = await fixture.CreateTokenAsync(user, [requests]);
        await Host.Admin.DeleteAsync($"/api/v1/access-tokens/{revoked.GetProperty("id").GetString()}");
        Assert.Equal(HttpStatusCode.Unauthorized, (await ForwardAsync($"{root}/requests/1", "GET", revoked.GetProperty("token").GetString())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ForwardAsync($"{root}/requests/1", "GET", expiring.GetProperty("token").GetString())).StatusCode);

        using var noUri = new HttpRequestMessage(HttpMethod.Get, "/auth/forward");
        noUri.Headers.Authorization = new("Bearer", value);
        await Problem.AssertAsync(await Host.Anonymous.SendAsync(noUri), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_client_address_is_the_trusted_proxys_last_hop_and_nobody_elses()
    {
        var restricted = await fixture.CreateTokenAsync(user, [requests], new { allowedAddresses = new[] { "10.0.0.0/8" } });
        var bearer = restricted.GetProperty("token").GetString()!;

        // The tests' client connects from 127.0.0.1, a trusted proxy: the last hop it names is the client.
        foreach (var (headers, expected) in new (string[][], HttpStatusCode)[]
        {
            ([["X-Forwarded-For", "10.1.1.1"]], HttpStatusCode.OK),
            ([["X-Forwarded-For", "192.0.2.1, 10.1.1.1"]], HttpStatusCode.OK),
            ([["X-Forwarded-For", "10.1.1.1, 192.0.2.1"]], HttpStatusCode.Forbidden),
            ([["X-Forwarded-For", "192.0.2.1"], ["X-Forwarded-For", "10.1.1.1"]], HttpStatusCode.OK),
            ([["X-Real-IP", "10.2.2.2"]], HttpStatusCode.OK),
            ([["X-Forwarded-For", "192.0.2.1"], ["X-Real-IP", "10.2.2.2"]], HttpStatusCode.Forbidden),
            ([], HttpStatusCode.Forbidden),
            ([["X-Forwarded-For", "10.1.1.1, not-an-address"]], HttpStatusCode.BadRequest),
            ([["X-Real-IP", "10.1"]], HttpStatusCode.BadRequest),
        })
        {
            using var request = ForwardRequest($"{root}/requests/1", "GET", bearer);
            foreach (var header in headers)
            {
                request.Headers.TryAddWithoutValidation(header[0], header[1]);
            }

            using var response = await Host.Anonymous.SendAsync(request);
            Assert.True(expected == response.StatusCode, $"{string.Join("; ", headers.Select(h => string.Join(": ", h)))}: {(int)response.StatusCode}");
        }

        // From an address that is no trusted proxy, the headers say nothing: the connection's own address is the client's.
        using var direct = LoopbackAddresses.ClientFrom(Host.Address, LoopbackAddresses.Fresh());
        using var forged = ForwardRequest($"{root}/requests/1", "GET", bearer);
        forged.Headers.TryAddWithoutValidation("X-Forwarded-For", "10.1.1.1");
        forged.Headers.TryAddWithoutValidation("X-Real-IP", "10.1.1.1");
        Assert.Equal(HttpStatusCode.Forbidden, (await direct.SendAsync(forged)).StatusCode);

        var view = await Problem.JsonAsync(await Host.Admin.GetAsync($"/api/v1/access-tokens/{restricted.GetProperty("id").GetString()}"));
        Assert.Equal(["10.1.1.1", "10.2.2.2"], view.GetProperty("recentAddresses").EnumerateArray().Select(entry => entry.GetProperty("address").GetString()).Order());
    }

    private async Task<HttpResponseMessage> ForwardAsync(string uri, string method, string? token)
    {
        using var request = ForwardRequest(uri, method, token);
        return await Host.Anonymous.SendAsync(request);
    }

    private static HttpRequestMessage ForwardRequest(string uri, string? method, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/auth/forward");
        request.Headers.TryAddWithoutValidation("X-Original-URI", uri);
        if (method is not null)
        {
            request.Headers.Add("X-Original-Method", method);
        }

        if (token is not null)
        {
            request.Headers.Authorization = new("Bearer", token);
        }

        return request;
    }

    private async Task<string> ResourceAsync(string prefix)
    {
        var name = Names.Resource();
        var response = await Host.Admin.PostAsJsonAsync("/api/v1/resources", new { name, pathPrefixes = new[] { prefix } });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return name;
    }
}

[Collection(SqliteApiCollection.Name)]
[Trait(Tier.Name, Tier.Fast)]
public sealed class ForwardAuthOnSqliteTests(SqliteApiFixture fixture) : ForwardAuthTests(fixture);

[Collection(PostgresApiCollection.Name)]
public sealed class ForwardAuthOnPostgresTests(PostgresApiFixture fixture) : ForwardAuthTests(fixture);
