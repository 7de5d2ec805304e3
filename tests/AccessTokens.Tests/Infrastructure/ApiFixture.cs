using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace AccessTokens.Tests.Infrastructure;

/// <summary>One running service shared by the API tests of a collection; each test uses fresh users.</summary>
public abstract class ApiFixture : IAsyncLifetime
{
    private readonly TempDirectory directory = new();

    /// <summary>The service clock: real time at start, moved forward by tests that need a later day.</summary>
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow) { AutoAdvanceAmount = TimeSpan.FromMilliseconds(1) };

    /// <summary>The running service.</summary>
    public ServiceHost Host { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync() =>
        Host = await ServiceHost.StartAsync(await CreateStoreAsync(directory), Clock, lastUseFlushInterval: TimeSpan.FromMinutes(10), settings: Settings);

    /// <summary>Makes the empty store the service runs on.</summary>
    protected abstract Task<StoreTarget> CreateStoreAsync(TempDirectory directory);

    /// <summary>
    /// Settings of this fixture's service beyond the test defaults: the proxies in front of it (and the tests' own
    /// clients) connect from 127.0.0.1, so that address is a trusted proxy; clients from other loopback addresses are not.
    /// </summary>
    protected virtual IEnumerable<string> Settings => ["--ForwardAuth:TrustedProxies=127.0.0.1"];

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        directory.Dispose();
    }

    /// <summary>Today in the service time zone (UTC here).</summary>
    public DateOnly Today => DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime);

    /// <summary>Creates a user and returns its login.</summary>
    public async Task<string> CreateUserAsync(string profile = "User", string? password = null)
    {
        var login = Names.Login();
        var response = await Host.Admin.PostAsJsonAsync("/api/v1/users", new { login, name = "Test " + login, profile, password });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return login;
    }

    /// <summary>Creates a token for <paramref name="user"/> and returns its record (with the value in <c>token</c>).</summary>
    public async Task<JsonElement> CreateTokenAsync(string user, string[]? resources = null, object? expiry = null, string name = "test token")
    {
        var body = new Dictionary<string, object?> { ["name"] = name, ["user"] = user, ["resources"] = resources ?? ["requests"] };
        if (expiry is not null)
        {
            foreach (var property in expiry.GetType().GetProperties())
            {
                body[property.Name] = property.GetValue(expiry);
            }
        }

        var response = await Host.Admin.PostAsJsonAsync("/api/v1/access-tokens", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Checks <paramref name="token"/> for <paramref name="resource"/> and returns the status code.</summary>
    public async Task<HttpStatusCode> CheckAsync(string token, string resource = "requests")
    {
        using var client = Host.WithBearer(token);
        using var response = await client.GetAsync($"/api/v1/auth/check?resource={resource}");
        return response.StatusCode;
    }
}

/// <summary>The API suite on the embedded SQLite store.</summary>
public sealed class SqliteApiFixture : ApiFixture
{
    /// <inheritdoc />
    protected override Task<StoreTarget> CreateStoreAsync(TempDirectory directory) => Task.FromResult(StoreTarget.Sqlite(directory.File("api.db")));
}

/// <summary>The API suite on PostgreSQL.</summary>
public sealed class PostgresApiFixture : ApiFixture
{
    /// <inheritdoc />
    protected override async Task<StoreTarget> CreateStoreAsync(TempDirectory directory) => await (await PostgresServer.Shared).CreateDatabaseAsync();
}
