using System.Diagnostics;
using System.Net;
using System.Security.Claims;
using AccessTokens.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AccessTokens.Tests.Snippets;

/// <summary>
/// The snippets of docs/clients.md ("Use it from your API") are these files, word for word, and each runs here in front of the
/// real service: an ASP.NET Core API with the authentication handler, and an Express app with the middleware.
/// </summary>
[Collection(SqliteApiCollection.Name)]
public sealed class SnippetTests(SqliteApiFixture fixture) : IDisposable
{
    private readonly TempDirectory directory = new();

    [Theory]
    [InlineData("AccessTokensAuthenticationHandler.cs", "csharp")]
    [InlineData("access-tokens.js", "js")]
    public async Task The_client_guide_shows_each_snippet_as_it_is_tested(string file, string language)
    {
        var snippet = Snippet(await File.ReadAllTextAsync(Path.Combine(Folder, file)));
        Assert.Contains(snippet, Repository.CodeBlocks("docs/clients.md", language).Select(block => block.Trim()));
    }

    [Fact]
    public async Task The_aspnetcore_handler_lets_through_exactly_the_requests_the_service_passes()
    {
        var (user, token, revoked, otherResource) = await TokensAsync();
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Services.AddHttpClient("AccessTokens");
        builder.Services.AddAuthentication("AccessTokens")
            .AddScheme<AccessTokensAuthenticationOptions, AccessTokensAuthenticationHandler>("AccessTokens", o =>
            {
                o.Service = fixture.Host.Address;
                o.Resource = "requests";
            });
        builder.Services.AddAuthorization();
        await using var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/requests", (ClaimsPrincipal principal) => $"Hello {principal.Identity!.Name}").RequireAuthorization();
        await app.StartAsync();

        await AssertApiAsync(new Uri($"http://127.0.0.1:{port}"), user, token, revoked, otherResource);
    }

    [Fact]
    public async Task The_express_middleware_lets_through_exactly_the_requests_the_service_passes()
    {
        var (user, token, revoked, otherResource) = await TokensAsync();
        var express = Path.Combine(Root, "artifacts", "tools", "node_modules", "express");
        if (!Directory.Exists(express))
        {
            // The test command installs it; a missing package is a failure, never a skip.
            throw new InvalidOperationException($"{express} is missing: run the tests with scripts/test.sh, which installs express.");
        }

        var port = FreePort.Next();
        var app = directory.File("app.js");
        await File.WriteAllTextAsync(app, $$"""
            const express = require({{Quote(express)}});
            const { accessTokens } = require({{Quote(Path.Combine(Folder, "access-tokens.js"))}});
            const app = express();
            app.use('/requests', accessTokens({ service: {{Quote(fixture.Host.Address.ToString().TrimEnd('/'))}}, resource: 'requests' }));
            app.get('/requests', (req, res) => res.send(`Hello ${req.accessToken.user}`));
            app.listen({{port}}, '127.0.0.1', () => console.log('listening'));
            """);
        using var node = Process.Start(new ProcessStartInfo("node", [app]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        try
        {
            var started = await node.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            if (started != "listening")
            {
                node.Kill(entireProcessTree: true);
                Assert.Fail($"node did not start: {started} {await node.StandardError.ReadToEndAsync()}");
            }

            await AssertApiAsync(new Uri($"http://127.0.0.1:{port}"), user, token, revoked, otherResource);
        }
        finally
        {
            node.Kill(entireProcessTree: true);
            await node.WaitForExitAsync();
        }
    }

    /// <inheritdoc />
    public void Dispose() => directory.Dispose();

    private static string Root => Repository.Root;

    private static string Folder => Path.Combine(Root, "tests", "AccessTokens.Tests", "Snippets");

    private static async Task AssertApiAsync(Uri api, string user, string token, string revoked, string otherResource)
    {
        using var client = new HttpClient { BaseAddress = api };
        async Task<(HttpStatusCode, string)> GetAsync(string? bearer)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/requests");
            if (bearer is not null)
            {
                request.Headers.Authorization = new("Bearer", bearer);
            }

            using var response = await client.SendAsync(request);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        Assert.Equal((HttpStatusCode.OK, $"Hello {user}"), await GetAsync(token));
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(null)).Item1);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(revoked)).Item1);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(token[..^1] + (token[^1] == 'a' ? 'b' : 'a'))).Item1);
        Assert.NotEqual(HttpStatusCode.OK, (await GetAsync(otherResource)).Item1);
    }

    private async Task<(string User, string Token, string Revoked, string OtherResource)> TokensAsync()
    {
        var user = await fixture.CreateUserAsync();
        var token = (await fixture.CreateTokenAsync(user)).GetProperty("token").GetString()!;
        var revoked = await fixture.CreateTokenAsync(user);
        (await fixture.Host.Admin.DeleteAsync($"/api/v1/access-tokens/{revoked.GetProperty("id").GetString()}")).EnsureSuccessStatusCode();
        var other = (await fixture.CreateTokenAsync(user, ["assets"])).GetProperty("token").GetString()!;
        return (user, token, revoked.GetProperty("token").GetString()!, other);
    }

    private static string Snippet(string file)
    {
        var start = file.IndexOf("// snippet:start", StringComparison.Ordinal) + "// snippet:start".Length;
        return file[start..file.IndexOf("// snippet:end", StringComparison.Ordinal)].Trim();
    }

    private static string Quote(string text) => System.Text.Json.JsonSerializer.Serialize(text);
}
