using System.Net;
using System.Net.Http.Json;
using AccessTokens.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace AccessTokens.Tests.Api;

/// <summary>A service of its own, with small limits, so locking addresses disturbs no other test.</summary>
public sealed class ThrottlingFixture : IAsyncLifetime
{
    private readonly TempDirectory directory = new();

    /// <summary>The service clock, moved past lockouts by the tests.</summary>
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    /// <summary>
    /// The running service: 3 wrong passwords per login and address, 6 per login from all unknown addresses, 6 per
    /// address, within 5 minutes; an address locked for 1 minute; up to 65 passwords waiting to be hashed.
    /// </summary>
    public ServiceHost Host { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync() => Host = await ServiceHost.StartAsync(directory.File("throttle.db"), Clock, settings:
    [
        "--Throttling:MaxFailuresPerLoginAndAddress=3",
        "--Throttling:MaxFailuresPerLogin=6",
        "--Throttling:MaxFailuresPerAddress=6",
        "--Throttling:Window=00:05:00",
        "--Throttling:Lockout=00:01:00",
        // Room for every attempt these tests run at once: the bound on hashing has tests of its own.
        "--Throttling:PasswordHashingQueue=64",
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
    public async Task Wrong_passwords_from_one_address_lock_that_address_for_the_login_and_no_other()
    {
        PastEveryWindow();
        var login = await CreateUserAsync("right-password-1");
        using var guesser = LoopbackAddresses.ClientFrom(Host.Address, LoopbackAddresses.Fresh());
        using var owner = LoopbackAddresses.ClientFrom(Host.Address, LoopbackAddresses.Fresh());
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await CheckAsync(guesser, login, $"wrong-password-{i}")).StatusCode);
        }

        var locked = await CheckAsync(guesser, login, "right-password-1");
        await Problem.AssertAsync(locked, HttpStatusCode.TooManyRequests);
        var retryAfter = int.Parse(Assert.Single(locked.Headers.GetValues("Retry-After")), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);

        // The owner elsewhere is not locked out, and the guesser's address may still try other logins.
        Assert.Equal(HttpStatusCode.OK, (await CheckAsync(owner, login, "right-password-1")).StatusCode);
        var other = await CreateUserAsync("right-password-2");
        Assert.Equal(HttpStatusCode.OK, (await CheckAsync(guesser, other, "right-password-2")).StatusCode);

        fixture.Clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(HttpStatusCode.OK, (await CheckAsync(guesser, login, "right-password-1")).StatusCode);
    }

    [Fact]
    public async Task Concurrent_wrong_passwords_for_one_login_verify_no_more_than_the_limit()
    {
        PastEveryWindow();
        var login = await CreateUserAsync("right-password-4");
        using var guesser = LoopbackAddresses.ClientFrom(Host.Address, LoopbackAddresses.Fresh());
        var before = VerifiedWrongPasswords(login);

        var answers = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => CheckAsync(guesser, login, $"wrong-password-{i}")));

        Assert.Equal(3, answers.Count(a => a.StatusCode == HttpStatusCode.Unauthorized));
        Assert.Equal(27, answers.Count(a => a.StatusCode == HttpStatusCode.TooManyRequests));
        Assert.Equal(3, VerifiedWrongPasswords(login) - before);
    }

    [Fact]
    public async Task Concurrent_failures_from_one_address_verify_no_more_than_its_limit()
    {
        PastEveryWindow();
        using var guesser = LoopbackAddresses.ClientFrom(Host.Address, LoopbackAddresses.Fresh());
        var logins = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            logins.Add(await CreateUserAsync($"right-password-{i}-5"));
        }

        var answers = await Task.WhenAll(logins.Select(login => CheckAsync(guesser, login, "a-wrong-password")));

        // Attempts in flight hold their place: 30 at once from one address verify 6 passwords, not 30.
        Assert.Equal(6, answers.Count(a => a.StatusCode == HttpStatusCode.Unauthorized));
        Assert.Equal(24, answers.Count(a => a.StatusCode == HttpStatusCode.TooManyRequests));
        Assert.Equal(6, logins.Sum(VerifiedWrongPasswords));
    }

    [Fact]
    public async Task Guesses_from_many_addresses_never_lock_the_owner_out_of_where_it_signs_in_and_stay_bounded()
    {
        PastEveryWindow();
        var login = await CreateUserAsync("right-password-6");
        using var owner = LoopbackAddresses.ClientFrom(Host.Address, LoopbackAddresses.Fresh());
        Assert.Equal(HttpStatusCode.OK, (await CheckAsync(owner, login, "right-password-6")).StatusCode);
        var before = VerifiedWrongPasswords(login);

        // Ten addresses guess three times each, as fast as they can: only six guesses in all are verified.
        var attempts = new List<Task<HttpResponseMessage>>();
        var guessers = Enumerable.Range(0, 10).Select(_ => LoopbackAddresses.ClientFrom(Host.Address, LoopbackAddresses.Fresh())).ToList();
        foreach (var guesser in guessers)
        {
            attempts.AddRange(Enumerable.Range(0, 3).Select(i => CheckAsync(guesser, login, $"guess-{i}")));
        }

        var answers = await Task.WhenAll(attempts);
        Assert.Equal(6, VerifiedWrongPasswords(login) - before);
        Assert.Equal(24, answers.Count(a => a.StatusCode == HttpStatusCode.TooManyRequests));

        // An address the login never signed in from is refused without a verification while the guessing lasts...
        using var stranger = LoopbackAddresses.ClientFrom(Host.Address, LoopbackAddresses.Fresh());
        await Problem.AssertAsync(await CheckAsync(stranger, login, "right-password-6"), HttpStatusCode.TooManyRequests);

        // ...while the owner keeps signing in from where it does, even after a typo of its own.
        Assert.Equal(HttpStatusCode.Unauthorized, (await CheckAsync(owner, login, "a-typo")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await CheckAsync(owner, login, "right-password-6")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(owner, login, "right-password-6")).StatusCode);
        foreach (var guesser in guessers)
        {
            guesser.Dispose();
        }
    }

    [Fact]
    public async Task Failures_from_one_address_across_logins_lock_the_address_until_the_lockout_ends()
    {
        PastEveryWindow();
        var login = await CreateUserAsync("right-password-3");
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await CheckAsync(Host.Anonymous, Names.Login("guess"), "any-password")).StatusCode);
        }

        var locked = await CheckAsync(Host.Anonymous, login, "right-password-3");
        await Problem.AssertAsync(locked, HttpStatusCode.TooManyRequests);
        Assert.True(locked.Headers.Contains("Retry-After"));
        await Problem.AssertAsync(await Host.BasicAdmin.GetAsync("/api/v1/users"), HttpStatusCode.TooManyRequests);

        // At the admin endpoints a locked address is refused bearer tokens too, right ones included (a right guess
        // must look like a wrong one); the check endpoint still serves tokens, since its caller is a resource server.
        await Problem.AssertAsync(await Host.Admin.GetAsync("/api/v1/users"), HttpStatusCode.TooManyRequests);
        Assert.Equal(HttpStatusCode.OK, (await Host.Admin.GetAsync("/api/v1/auth/check?resource=admin")).StatusCode);

        fixture.Clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(HttpStatusCode.OK, (await CheckAsync(Host.Anonymous, login, "right-password-3")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Host.BasicAdmin.GetAsync("/api/v1/users")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Host.Admin.GetAsync("/api/v1/users")).StatusCode);
    }

    [Fact]
    public async Task Refused_bearer_tokens_at_the_admin_endpoints_lock_the_address_like_wrong_passwords()
    {
        PastEveryWindow();
        var address = LoopbackAddresses.Fresh();
        using var guesser = LoopbackAddresses.ClientFrom(Host.Address, address);
        var admin = await CreateUserAsync("right-password-7");
        var token = await IssueTokenAsync(admin);
        var wrongSecret = token[..^12] + new string(token[^12..].Reverse().ToArray());
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(guesser, "/api/v1/users", "Bearer", wrongSecret)).StatusCode);
        }

        // Locked: the right token and the right password from that address are refused alike, without a verification.
        await Problem.AssertAsync(await SendAsync(guesser, "/api/v1/users", "Bearer", token), HttpStatusCode.TooManyRequests);
        await Problem.AssertAsync(await CheckAsync(guesser, admin, "right-password-7"), HttpStatusCode.TooManyRequests);
        Assert.Equal(0, VerifiedWrongPasswords(admin));

        // Another address is not disturbed, and the lock ends on time.
        using var other = LoopbackAddresses.ClientFrom(Host.Address, LoopbackAddresses.Fresh());
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(other, "/api/v1/users", "Bearer", token)).StatusCode);
        fixture.Clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(guesser, "/api/v1/users", "Bearer", token)).StatusCode);
    }

    // Failures of an earlier test in this collection no longer count.
    private void PastEveryWindow() => fixture.Clock.Advance(TimeSpan.FromMinutes(6));

    // The user grain logs each wrong password it verified; a throttled attempt is never verified.
    private int VerifiedWrongPasswords(string login) => Host.Logs.Count($"Password of {login} refused: wrong password");

    private async Task<string> CreateUserAsync(string password)
    {
        var login = Names.Login();
        var response = await Host.Admin.PostAsJsonAsync("/api/v1/users", new { login, name = "Throttled", profile = "Administrator", password });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return login;
    }

    private async Task<string> IssueTokenAsync(string login)
    {
        var response = await Host.Admin.PostAsJsonAsync("/api/v1/access-tokens", new { name = "throttled", user = login, resources = new[] { "admin" } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await Problem.JsonAsync(response)).GetProperty("token").GetString()!;
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string path, string scheme, string credentials)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(scheme, credentials);
        return await client.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> CheckAsync(HttpClient client, string login, string password)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/auth/check?resource=requests");
        request.Headers.Authorization = ServiceHost.Basic(login, password);
        return await client.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string login, string password)
    {
        var antiforgery = await Problem.JsonAsync(await client.GetAsync("/ui/antiforgery"));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/ui/sign-in") { Content = JsonContent.Create(new { login, password }) };
        request.Headers.Add(antiforgery.GetProperty("headerName").GetString()!, antiforgery.GetProperty("token").GetString());
        return await client.SendAsync(request);
    }
}
