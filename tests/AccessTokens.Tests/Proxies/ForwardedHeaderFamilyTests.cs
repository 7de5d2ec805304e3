using System.Net;
using System.Net.Http.Json;
using AccessTokens.Tests.Infrastructure;

namespace AccessTokens.Tests.Proxies;

/// <summary><c>/auth/forward</c> of a service configured for Traefik and Caddy (<c>ForwardAuth:Headers=forwarded</c>).</summary>
[Collection(ForwardedHeadersCollection.Name)]
public sealed class ForwardedHeaderFamilyTests(ForwardedHeadersFixture fixture)
{
    [Fact]
    public async Task The_forwarded_family_is_read_and_the_original_family_is_refused()
    {
        var prefix = "/" + Names.Login("fwd");
        var resource = Names.Resource();
        Assert.Equal(HttpStatusCode.Created, (await fixture.Host.Admin.PostAsJsonAsync("/api/v1/resources", new { name = resource, pathPrefixes = new[] { prefix } })).StatusCode);
        var user = await fixture.CreateUserAsync("Administrator");
        var value = (await fixture.CreateTokenAsync(user, [resource])).GetProperty("token").GetString()!;

        using var traefik = Request(value, ("X-Forwarded-Uri", prefix + "/1"), ("X-Forwarded-Method", "PUT"));
        var passed = await fixture.Host.Anonymous.SendAsync(traefik);
        Assert.Equal(HttpStatusCode.OK, passed.StatusCode);
        Assert.Equal(resource, Assert.Single(passed.Headers.GetValues("X-Auth-Resource")));

        foreach (var (name, header) in new[] { ("X-Original-URI", prefix + "/1"), ("X-Original-Method", "GET") })
        {
            using var both = Request(value, ("X-Forwarded-Uri", prefix + "/1"), ("X-Forwarded-Method", "PUT"), (name, header));
            await Problem.AssertAsync(await fixture.Host.Anonymous.SendAsync(both), HttpStatusCode.BadRequest);
        }

        using var nginxStyle = Request(value, ("X-Original-URI", prefix + "/1"), ("X-Original-Method", "GET"));
        await Problem.AssertAsync(await fixture.Host.Anonymous.SendAsync(nginxStyle), HttpStatusCode.BadRequest);
    }

    private static HttpRequestMessage Request(string token, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/auth/forward");
        request.Headers.Authorization = new("Bearer", token);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }
}
