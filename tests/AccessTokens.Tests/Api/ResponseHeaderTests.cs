using System.Net;
using System.Net.Http.Json;
using AccessTokens.Tests.Infrastructure;

namespace AccessTokens.Tests.Api;

/// <summary>Headers that keep browsers and caches from misreading or keeping what the API answers.</summary>
[Collection(SqliteApiCollection.Name)]
[Trait(Tier.Name, Tier.Fast)]
public sealed class ResponseHeaderTests(SqliteApiFixture fixture)
{
    [Fact]
    public async Task The_response_that_carries_a_token_value_may_not_be_stored_by_any_cache()
    {
        var user = await fixture.CreateUserAsync();
        var response = await fixture.Host.Admin.PostAsJsonAsync("/api/v1/access-tokens", new { name = "cached?", user, resources = new[] { "requests" } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore, $"Cache-Control: {response.Headers.CacheControl}");
        Assert.Contains("no-cache", response.Headers.Pragma.Select(p => p.Name));
    }

    [Fact]
    public async Task Every_api_response_forbids_content_sniffing()
    {
        var user = await fixture.CreateUserAsync();
        var value = (await fixture.CreateTokenAsync(user)).GetProperty("token").GetString()!;
        using var consumer = fixture.Host.WithBearer(value);
        using var forward = new HttpRequestMessage(HttpMethod.Get, "/auth/forward");
        forward.Headers.Add("X-Original-URI", "/nowhere");
        var responses = new[]
        {
            await consumer.GetAsync("/api/v1/auth/check?resource=requests"),
            await fixture.Host.Anonymous.GetAsync("/api/v1/auth/check?resource=requests"),
            await fixture.Host.Anonymous.SendAsync(forward),
            await fixture.Host.Admin.GetAsync("/api/v1/users"),
            await fixture.Host.Admin.PostAsJsonAsync("/api/v1/users", new { login = "NOT VALID" }),
            await fixture.Host.Anonymous.GetAsync("/no/such/path"),
            await fixture.Host.Anonymous.GetAsync("/health/live"),
            await fixture.Host.Anonymous.GetAsync("/openapi/v1.json"),
        };

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Unauthorized], responses.Take(2).Select(r => r.StatusCode));
        foreach (var response in responses)
        {
            Assert.True(
                response.Headers.TryGetValues("X-Content-Type-Options", out var values) && values.Single() == "nosniff",
                $"{response.RequestMessage!.RequestUri}: {(int)response.StatusCode} without nosniff");
        }
    }
}
