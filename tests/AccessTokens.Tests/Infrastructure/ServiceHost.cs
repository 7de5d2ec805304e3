using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using AccessTokens.Silo;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace AccessTokens.Tests.Infrastructure;

/// <summary>
/// The real one-process service (silo + API) on free loopback ports, over a SQLite file, with every log
/// entry captured and the service clock under the test's control.
/// </summary>
public sealed class ServiceHost : IAsyncDisposable
{
    /// <summary>Password of the bootstrap administrator in every test host.</summary>
    public const string AdminPassword = "admin-password-for-tests";

    private readonly WebApplication app;

    private ServiceHost(WebApplication app, Uri address, CapturedLogs logs, StoreTarget store, int gatewayPort)
    {
        GatewayPort = gatewayPort;
        Store = store;
        this.app = app;
        Address = address;
        Logs = logs;
        Anonymous = NewClient();
        BasicAdmin = NewClient();
        BasicAdmin.DefaultRequestHeaders.Authorization = Basic("admin", AdminPassword);
    }

    /// <summary>The silo's gateway port, for a separate front end.</summary>
    public int GatewayPort { get; }

    /// <summary>The API's base address.</summary>
    public Uri Address { get; }

    /// <summary>Everything the service logged.</summary>
    public CapturedLogs Logs { get; }

    /// <summary>The store the service persists to.</summary>
    public StoreTarget Store { get; }

    /// <summary>A client with no credentials.</summary>
    public HttpClient Anonymous { get; }

    /// <summary>A client authenticated as the bootstrap administrator with Basic.</summary>
    public HttpClient BasicAdmin { get; }

    /// <summary>A client authenticated as the bootstrap administrator with a bearer token carrying <c>admin</c>.</summary>
    public HttpClient Admin { get; private set; } = null!;

    /// <summary>The silo's services (grain factory included).</summary>
    public IServiceProvider Services => app.Services;

    /// <summary>Starts a host on a SQLite file (created when missing).</summary>
    public static Task<ServiceHost> StartAsync(
        string database,
        TimeProvider? clock = null,
        TimeSpan? lastUseFlushInterval = null,
        string timeZone = "UTC",
        IEnumerable<string>? settings = null,
        bool prepare = true,
        Action<IServiceCollection>? services = null) =>
        StartAsync(StoreTarget.Sqlite(database), clock, lastUseFlushInterval, timeZone, settings, prepare, services);

    /// <summary>
    /// Starts a host on <paramref name="store"/>; with <paramref name="prepare"/>, catalogues the test resources
    /// (<see cref="TestCatalogue"/>); <paramref name="services"/> adds to or replaces the host's composed services.
    /// </summary>
    public static async Task<ServiceHost> StartAsync(
        StoreTarget store,
        TimeProvider? clock = null,
        TimeSpan? lastUseFlushInterval = null,
        string timeZone = "UTC",
        IEnumerable<string>? settings = null,
        bool prepare = true,
        Action<IServiceCollection>? services = null)
    {
        var port = FreePort.Next();
        var address = new Uri($"http://127.0.0.1:{port}");
        var logs = new CapturedLogs();
        var gatewayPort = FreePort.Next();
        string[] args =
        [
            $"--urls={address}",
            .. store.Arguments,
            $"--Cluster:SiloPort={FreePort.Next()}",
            $"--Cluster:GatewayPort={gatewayPort}",
            $"--Bootstrap:AdminPassword={AdminPassword}",
            $"--AccessTokens:TimeZone={timeZone}",
            $"--AccessTokens:LastUseFlushInterval={lastUseFlushInterval ?? TimeSpan.FromSeconds(30)}",
            "--AccessTokens:CatalogShards=4",
            .. settings ?? [],
        ];
        var app = SiloApplication.Build(args, builder =>
        {
            builder.Logging.ClearProviders();
            builder.Logging.SetMinimumLevel(LogLevel.Trace);
            builder.Logging.AddProvider(logs);
            builder.Logging.AddFilter<CapturedLogs>(null, LogLevel.Trace);
            if (clock is not null)
            {
                builder.Services.AddKeyedSingleton(ServiceClock.Key, clock);
            }
        }, services);
        await app.StartAsync();
        var host = new ServiceHost(app, address, logs, store, gatewayPort);
        await host.IssueAdminTokenAsync();
        if (prepare)
        {
            await TestCatalogue.EnsureAsync(host.Admin);
        }

        return host;
    }

    /// <summary>A Basic authorization header.</summary>
    public static AuthenticationHeaderValue Basic(string login, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{login}:{password}")));

    /// <summary>A client of the service whose every answer is held to the service's OpenAPI document.</summary>
    public HttpClient NewClient() => new(OpenApiConformance.Handler(Address)) { BaseAddress = Address };

    /// <summary>A client presenting <paramref name="token"/> as bearer credentials.</summary>
    public HttpClient WithBearer(string token)
    {
        var client = NewClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Stops gracefully: grains deactivate and flush, as in a rolling restart.</summary>
    public async Task StopAsync() => await app.StopAsync();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Anonymous.Dispose();
        BasicAdmin.Dispose();
        Admin?.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task IssueAdminTokenAsync()
    {
        var response = await BasicAdmin.PostAsJsonAsync("/api/v1/access-tokens", new { name = "tests", user = "admin", resources = new[] { "admin" } });
        response.EnsureSuccessStatusCode();
        var created = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Admin = WithBearer(created.GetProperty("token").GetString()!);
    }
}
