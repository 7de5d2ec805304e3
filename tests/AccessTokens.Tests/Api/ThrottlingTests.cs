using System.Net;
using System.Net.Http.Json;
using AccessTokens.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace AccessTokens.Tests.Api;

/// <summary>A service of its own, with small limits, so locking the loopback address disturbs no other test.</summary>
public sealed class ThrottlingFixture : IAsyncLifetime
{
    private readonly TempDirectory directory = new();

    /// <summary>The service clock, moved past lockouts by the tests.</summary>
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    /// <summary>The running service: 3 failures per login, 6 per address, within 5 minutes; locked for 1 minute.</summary>
    public ServiceHost Host { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync() => Host = await ServiceHost.StartAsync(directory.File("throttle.db"), Clock, settings:
    [
        "--Throttling:MaxFailuresPerLogin=3",
        "--Throttling:MaxFailuresPerAddress=6",
        "--Throttling:Window=00:05:00",
        "--Throttling:Lockout=00:01:00",
    ]);

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        directory.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class ThrottlingCollection : ICollectionFixture<ThrottlingFixture>
{
    public const string Name = "throttling";
}

[Collection(ThrottlingCollection.Name)]
public sealed class ThrottlingTests(ThrottlingFixture fixture)
{
    private ServiceHost Host => fixture.Host;

    [Fact]
    public async Task Wrong_passwords_lock_the_login_even_for_the_right_password_until_the_lockout_ends()
    {
        PastEveryWindow();
        var login = await CreateUserAsync("right-password-1");
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await CheckAsync(login, $"wrong-password-{i}")).StatusCode);
        }

        var locked = await CheckAsync(login, "right-password-1");
        await Problem.AssertAsync(locked, HttpStatusCode.TooManyRequests);
        var retryAfter = int.Parse(Assert.Single(locked.Headers.GetValues("Retry-After")), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);

        // Another login from the same address is not locked: 3 failures are below the address limit.
        var other = await CreateUserAsync("right-password-2");
        Assert.Equal(HttpStatusCode.OK, (await CheckAsync(other, "right-password-2")).StatusCode);

        fixture.Clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(HttpStatusCode.OK, (await CheckAsync(login, "right-password-1")).StatusCode);
    }

    [Fact]
    public async Task Failures_from_one_address_across_logins_lock_the_address_until_the_lockout_ends()
    {
        PastEveryWindow();
        var login = await CreateUserAsync("right-password-3");
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await CheckAsync(Names.Login("guess"), "any-password")).StatusCode);
        }

        var locked = await CheckAsync(login, "right-password-3");
        await Problem.AssertAsync(locked, HttpStatusCode.TooManyRequests);
        Assert.True(locked.Headers.Contains("Retry-After"));
        await Problem.AssertAsync(await Host.BasicAdmin.GetAsync("/api/v1/users"), HttpStatusCode.TooManyRequests);

        // Bearer tokens are not passwords: the check endpoint still serves them from a locked address.
        Assert.Equal(HttpStatusCode.OK, (await Host.Admin.GetAsync("/api/v1/users")).StatusCode);

        fixture.Clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(HttpStatusCode.OK, (await CheckAsync(login, "right-password-3")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Host.BasicAdmin.GetAsync("/api/v1/users")).StatusCode);
    }

    // Failures of an earlier test in this collection no longer count.
    private void PastEveryWindow() => fixture.Clock.Advance(TimeSpan.FromMinutes(6));

    private async Task<string> CreateUserAsync(string password)
    {
        var login = Names.Login();
        var response = await Host.Admin.PostAsJsonAsync("/api/v1/users", new { login, name = "Throttled", password });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return login;
    }

    private async Task<HttpResponseMessage> CheckAsync(string login, string password)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/auth/check?resource=requests");
        request.Headers.Authorization = ServiceHost.Basic(login, password);
        return await Host.Anonymous.SendAsync(request);
    }
}
