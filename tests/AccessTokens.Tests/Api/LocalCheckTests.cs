using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AccessTokens.Tests.Infrastructure;
using AccessTokens.Tokens;
using Microsoft.Extensions.DependencyInjection;

namespace AccessTokens.Tests.Api;

/// <summary>The check endpoint hosted with the silo reads an active token grain in place: a service of its own, counting grain calls.</summary>
public sealed class LocalCheckTests : IAsyncLifetime
{
    private readonly TempDirectory directory = new();
    private readonly CheckCallCounter counter = new();
    private ServiceHost host = null!;

    /// <inheritdoc />
    public async Task InitializeAsync() =>
        host = await ServiceHost.StartAsync(directory.File("local.db"), services: services => services.AddSingleton<IIncomingGrainCallFilter>(counter));

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        directory.Dispose();
    }

    [Fact]
    public async Task Checks_of_an_active_token_make_no_grain_call_and_its_revocation_stops_them_at_once()
    {
        var login = Names.Login();
        Assert.Equal(HttpStatusCode.Created, (await host.Admin.PostAsJsonAsync("/api/v1/users", new { login, name = "Local " + login, profile = "User" })).StatusCode);
        var created = await host.Admin.PostAsJsonAsync("/api/v1/access-tokens", new { name = "local", user = login, resources = new[] { "requests" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var token = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = token.GetProperty("id").GetString()!;
        var value = token.GetProperty("token").GetString()!;
        using var client = host.WithBearer(value);

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/auth/check?resource=requests")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/auth/check?resource=assets")).StatusCode);
        Assert.Equal(0, counter.ChecksOf(id));

        Assert.Equal(HttpStatusCode.NoContent, (await host.Admin.DeleteAsync($"/api/v1/access-tokens/{id}")).StatusCode);
        await Problem.AssertAsync(await client.GetAsync("/api/v1/auth/check?resource=requests"), HttpStatusCode.Unauthorized);
        Assert.Equal(0, counter.ChecksOf(id));

        // The counter does see checks that do go to the grain.
        Assert.True(TokenValue.TryParse(value, "smat", out _, out var hash));
        var revoked = await host.Services.GetRequiredService<IGrainFactory>().GetGrain<IAccessTokenGrain>(id).CheckAsync(new CheckRequest(hash, "requests"));
        Assert.Equal(CheckOutcome.Revoked, revoked.Outcome);
        Assert.Equal(1, counter.ChecksOf(id));
    }

    private sealed class CheckCallCounter : IIncomingGrainCallFilter
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> checks = new(StringComparer.Ordinal);

        public int ChecksOf(string tokenId) => checks.GetValueOrDefault(tokenId);

        public Task Invoke(IIncomingGrainCallContext context)
        {
            if (context.InterfaceMethod?.Name == nameof(IAccessTokenGrain.CheckAsync))
            {
                checks.AddOrUpdate(context.TargetId.Key.ToString()!, 1, (_, count) => count + 1);
            }

            return context.Invoke();
        }
    }
}
