using System.Net;
using System.Net.Http.Json;
using AccessTokens.Tests.Infrastructure;
using AccessTokens.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AccessTokens.Tests.Api;

/// <summary>
/// Password hashes run on a bounded number of low-priority threads with a short queue: beyond it a password attempt is
/// answered 503 with Retry-After at once, without hashing, and access tokens keep passing.
/// </summary>
public sealed class PasswordHashingTests : IDisposable
{
    private readonly TempDirectory directory = new();
    private readonly GatedHasher hasher = new();
    private readonly StoreFaults store = new();

    [Fact]
    public async Task Beyond_the_hashing_threads_and_their_queue_a_password_is_answered_503_without_hashing()
    {
        await using var host = await StartAsync("full.db", wait: TimeSpan.FromSeconds(30));
        var hashing = host.Services.GetRequiredService<PasswordHashing>();
        var (first, second, third) = (await CreateUserAsync(host), await CreateUserAsync(host), await CreateUserAsync(host));
        var token = await Problem.JsonAsync(await host.Admin.PostAsJsonAsync("/api/v1/access-tokens", new { name = "busy", user = first, resources = new[] { "requests" } }));

        hasher.Close();
        var hashing1 = BasicCheckAsync(host, first, Password);
        await Eventually.HoldsAsync(() => Task.FromResult(hasher.Entered == 1), Patience, "the first attempt is hashing");
        var waiting = BasicCheckAsync(host, second, "not-the-password");
        await Eventually.HoldsAsync(() => Task.FromResult(hashing.InFlight == 2), Patience, "the second attempt waits for the hashing thread");

        using (var busy = await BasicCheckAsync(host, third, Password))
        {
            await Problem.AssertAsync(busy, HttpStatusCode.ServiceUnavailable);
            Assert.Equal("1", busy.Headers.GetValues("Retry-After").Single());
        }

        // Made-up logins are refused before their grain is activated: a spray of them reads nothing from the store.
        var reads = store.Reads("user");
        for (var i = 0; i < 5; i++)
        {
            using var sprayed = await BasicCheckAsync(host, Names.Login("sprayed"), "any-password");
            await Problem.AssertAsync(sprayed, HttpStatusCode.ServiceUnavailable);
        }

        Assert.Equal(reads, store.Reads("user"));

        // The admin screen's sign-in waits for the same threads.
        using (var screen = new AdminScreen.ScreenClient(host.Address))
        using (var signIn = await screen.SignInAsync(third, Password))
        {
            await Problem.AssertAsync(signIn, HttpStatusCode.ServiceUnavailable);
            Assert.Equal("1", signIn.Headers.GetValues("Retry-After").Single());
        }

        Assert.Equal(1, hasher.Entered);
        using (var consumer = host.WithBearer(token.GetProperty("token").GetString()!))
        {
            Assert.Equal(HttpStatusCode.OK, (await consumer.GetAsync("/api/v1/auth/check?resource=requests")).StatusCode);
        }

        hasher.Open();
        Assert.Equal(HttpStatusCode.OK, (await hashing1).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await waiting).StatusCode);
        Assert.Equal(2, hasher.Entered);
    }

    [Fact]
    public async Task A_password_that_waited_longer_than_allowed_for_a_hashing_thread_is_answered_503_without_hashing()
    {
        var wait = TimeSpan.FromSeconds(1);
        await using var host = await StartAsync("waited.db", wait);
        var hashing = host.Services.GetRequiredService<PasswordHashing>();
        var (first, second) = (await CreateUserAsync(host), await CreateUserAsync(host));

        hasher.Close();
        var hashed = BasicCheckAsync(host, first, Password);
        await Eventually.HoldsAsync(() => Task.FromResult(hasher.Entered == 1), Patience, "the first attempt is hashing");
        var waited = BasicCheckAsync(host, second, Password);
        await Eventually.HoldsAsync(() => Task.FromResult(hashing.InFlight == 2), Patience, "the second attempt waits for the hashing thread");
        // The condition is time itself: the second attempt has waited longer than allowed once this has passed.
        await Task.Delay(wait + TimeSpan.FromMilliseconds(200));
        hasher.Open();

        Assert.Equal(HttpStatusCode.OK, (await hashed).StatusCode);
        using var refused = await waited;
        await Problem.AssertAsync(refused, HttpStatusCode.ServiceUnavailable);
        Assert.Equal(1, hasher.Entered);
    }

    [Fact]
    public async Task Hashing_threads_run_at_the_lowest_scheduling_priority()
    {
        await using var host = await StartAsync("nice.db", TimeSpan.FromSeconds(2));
        var login = await CreateUserAsync(host);
        Assert.Equal(HttpStatusCode.OK, (await BasicCheckAsync(host, login, Password)).StatusCode);

        var threads = Directory.GetDirectories("/proc/self/task")
            .Where(task => File.ReadAllText(Path.Combine(task, "comm")).Trim().StartsWith("password-hash-", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(threads);
        foreach (var task in threads)
        {
            // Field 19 of stat is the nice value; the command name in field 2 is in parentheses and has no spaces here.
            var fields = File.ReadAllText(Path.Combine(task, "stat")).Split(' ');
            Assert.Equal("19", fields[18]);
        }
    }

    public void Dispose()
    {
        hasher.Open();
        directory.Dispose();
    }

    private const string Password = "hashing-pass";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private Task<ServiceHost> StartAsync(string database, TimeSpan wait) =>
        ServiceHost.StartAsync(
            directory.File(database),
            settings: ["--Throttling:PasswordHashingConcurrency=1", "--Throttling:PasswordHashingQueue=1", $"--Throttling:PasswordHashingWait={wait}"],
            services: services =>
            {
                services.Replace(ServiceDescriptor.Singleton<IPasswordHasher<string>>(hasher));
                store.Install(services, "store");
            });

    private static async Task<string> CreateUserAsync(ServiceHost host)
    {
        var login = Names.Login();
        (await host.Admin.PostAsJsonAsync("/api/v1/users", new { login, name = "Hashed", profile = "User", password = Password })).EnsureSuccessStatusCode();
        return login;
    }

    private static async Task<HttpResponseMessage> BasicCheckAsync(ServiceHost host, string login, string password)
    {
        using var client = host.NewClient();
        client.DefaultRequestHeaders.Authorization = ServiceHost.Basic(login, password);
        return await client.GetAsync("/api/v1/auth/check?resource=requests");
    }

    /// <summary>The real hasher, whose verifications wait while the test holds the gate closed.</summary>
    private sealed class GatedHasher : IPasswordHasher<string>
    {
        private readonly PasswordHasher<string> real = new();
        private readonly ManualResetEventSlim gate = new(initialState: true);
        private int entered;

        public int Entered => Volatile.Read(ref entered);

        public void Close()
        {
            gate.Reset();
            Interlocked.Exchange(ref entered, 0);
        }

        public void Open() => gate.Set();

        public string HashPassword(string user, string password) => real.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(string user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref entered);
            Assert.True(gate.Wait(TimeSpan.FromSeconds(60)), "the test opens the gate");
            return real.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
