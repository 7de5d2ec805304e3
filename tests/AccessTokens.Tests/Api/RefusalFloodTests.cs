using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AccessTokens.Api.Audit;
using AccessTokens.Tests.Infrastructure;
using AccessTokens.Tokens;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AccessTokens.Tests.Api;

/// <summary>
/// A flood of refused credentials costs a few writes and log lines a minute: refusals naming no known user or token
/// are summed up per address in the audit trail, every refusal of a known one is still written as it happens, and no
/// refused check writes a log line of its own at the shipped levels.
/// </summary>
public sealed class RefusalFloodTests : IDisposable
{
    private const string Password = "right-password-9";
    private readonly TempDirectory directory = new();
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
    private readonly StoreFaults store = new();

    [Fact]
    public async Task Refusals_naming_nobody_are_written_once_per_address_and_window_with_their_count()
    {
        await using var host = await StartAsync("audit-flood.db");
        var login = await CreateUserAsync(host, "Administrator");
        var (id, _) = await CreateTokenAsync(host, login);
        var (tokenGuesser, loginGuesser) = (LoopbackAddresses.Fresh(), LoopbackAddresses.Fresh());
        using var tokens = LoopbackAddresses.ClientFrom(host.Address, tokenGuesser);
        using var logins = LoopbackAddresses.ClientFrom(host.Address, loginGuesser);
        var writes = AuditWrites();

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 30; i++)
        {
            answers.Add(await SendAsync(tokens, "Bearer", TokenValue.Generate("smat").Value));
            answers.Add(await SendAsync(logins, "Basic", Basic(Names.Login("nobody"), "any-password")));
        }

        // Refused (401) until each address is locked, then throttled (429): none written yet.
        Assert.All(answers, answer => Assert.Contains(answer, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests }));
        Assert.Equal(writes, AuditWrites());

        // Refusals of a real login and of a real token are written one by one, at once, under their names.
        using var someone = LoopbackAddresses.ClientFrom(host.Address, LoopbackAddresses.Fresh());
        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync(someone, "Basic", Basic(login, "a-wrong-password")));
        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync(someone, "Bearer", TokenValue.Generate("smat", id).Value));
        var known = (await EntriesAsync(host, $"actor={login}")).Concat(await EntriesAsync(host, $"actor={id}")).ToList();
        Assert.Equal(2, known.Count);
        Assert.All(known, entry => Assert.Equal(("sign-in", "failed", 1), (Text(entry, "action"), Text(entry, "outcome"), entry.GetProperty("count").GetInt32())));
        writes = AuditWrites();

        clock.Advance(RefusalTally.Window);
        await Eventually.HoldsAsync(async () => (await SummedAsync(host)).Sum(e => e.GetProperty("count").GetInt32()) == 60, Patience,
            "the window's refusals are written with their count");

        var summed = await SummedAsync(host);
        foreach (var address in new[] { tokenGuesser, loginGuesser })
        {
            var fromAddress = summed.Where(e => Text(e, "clientAddress") == address.ToString()).ToList();
            Assert.Equal(30, fromAddress.Sum(e => e.GetProperty("count").GetInt32()));
            Assert.Equal(["failed", "throttled"], fromAddress.Select(e => Text(e, "outcome")).Order());
        }

        // Four entries for sixty refusals, each one append of the audit log and its segment.
        Assert.Equal(4, summed.Count);
        Assert.InRange(AuditWrites() - writes, 1, 2 * summed.Count);
    }

    [Fact]
    public async Task Refused_checks_log_nothing_each_and_are_counted_by_reason_and_summed_up_once_a_window()
    {
        await using var host = await StartAsync("log-flood.db");
        var login = await CreateUserAsync(host, "User");
        var (id, value) = await CreateTokenAsync(host, login);
        var counted = new Dictionary<string, long>();
        using var meter = Listen(host, counted);
        clock.Advance(TimeSpan.FromMinutes(1));
        var logged = host.Logs.Entries.Count;

        using var resourceServer = host.NewClient();
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await CheckAsync(resourceServer, "Bearer", TokenValue.Generate("smat").Value));
            Assert.Equal(HttpStatusCode.Unauthorized, await CheckAsync(resourceServer, "Bearer", TokenValue.Generate("smat", id).Value));
            Assert.Equal(HttpStatusCode.Forbidden, await CheckAsync(resourceServer, "Bearer", value, "assets"));
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await CheckAsync(resourceServer, "Basic", Basic(login, "a-wrong-password")));
        Assert.Equal(HttpStatusCode.OK, await CheckAsync(resourceServer, "Bearer", value));

        // Sixty-one refusals, and no line of the service's own at Information or above.
        var during = host.Logs.Entries.Skip(logged).Where(IsOwnAtShippedLevel).ToList();
        Assert.Empty(during);
        lock (counted)
        {
            Assert.Equal(new Dictionary<string, long> { ["unknown_token"] = 20, ["refused_token"] = 20, ["forbidden"] = 20, ["wrong_password"] = 1 }, counted);
        }

        clock.Advance(TimeSpan.FromMinutes(1));
        var summary = Assert.Single(host.Logs.Entries.Skip(logged), IsOwnAtShippedLevel);
        Assert.Contains("[2005] 61 credentials refused in the last 1 minute(s): unknown_token 20, refused_token 20, forbidden 20, wrong_password 1", summary, StringComparison.Ordinal);

        // A quiet window writes nothing.
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Single(host.Logs.Entries.Skip(logged), IsOwnAtShippedLevel);
    }

    /// <inheritdoc />
    public void Dispose() => directory.Dispose();

    private static TimeSpan Patience => TimeSpan.FromSeconds(30);

    // The shipped configuration logs the service's own categories from Information up.
    private static bool IsOwnAtShippedLevel(string entry) =>
        !entry.StartsWith("Debug ", StringComparison.Ordinal) && !entry.StartsWith("Trace ", StringComparison.Ordinal)
        && entry.Split(' ', 3)[1].StartsWith("AccessTokens.", StringComparison.Ordinal);

    private static MeterListener Listen(ServiceHost host, Dictionary<string, long> counted)
    {
        var factory = host.Services.GetRequiredService<IMeterFactory>();
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Name == "accesstokens.credentials.refused" && ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, measurement, tags, _) =>
        {
            var reason = (string)tags.ToArray().Single(tag => tag.Key == "reason").Value!;
            lock (counted)
            {
                counted[reason] = counted.GetValueOrDefault(reason) + measurement;
            }
        });
        listener.Start();
        return listener;
    }

    private int AuditWrites() => store.Writes("audit") + store.Writes("audit-segment");

    private Task<ServiceHost> StartAsync(string database) =>
        ServiceHost.StartAsync(directory.File(database), clock, services: services => store.Install(services, "store"));

    private static async Task<List<JsonElement>> SummedAsync(ServiceHost host) =>
        (await EntriesAsync(host, "actor=anonymous")).Where(e => Text(e, "action") == "sign-in").ToList();

    private static async Task<List<JsonElement>> EntriesAsync(ServiceHost host, string query)
    {
        var page = await Problem.JsonAsync(await host.Admin.GetAsync($"/api/v1/audit?{query}&limit=100"));
        return page.GetProperty("items").EnumerateArray().ToList();
    }

    private static string? Text(JsonElement entry, string property) => entry.GetProperty(property).GetString();

    private static string Basic(string login, string password) => ServiceHost.Basic(login, password).Parameter!;

    private static async Task<HttpStatusCode> SendAsync(HttpClient client, string scheme, string credentials)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/users");
        request.Headers.Authorization = new AuthenticationHeaderValue(scheme, credentials);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    private static async Task<HttpStatusCode> CheckAsync(HttpClient client, string scheme, string credentials, string resource = "requests")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/auth/check?resource={resource}");
        request.Headers.Authorization = new AuthenticationHeaderValue(scheme, credentials);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    private static async Task<string> CreateUserAsync(ServiceHost host, string profile)
    {
        var login = Names.Login();
        (await host.Admin.PostAsJsonAsync("/api/v1/users", new { login, name = "Flooded", profile, password = Password })).EnsureSuccessStatusCode();
        return login;
    }

    private static async Task<(string Id, string Value)> CreateTokenAsync(ServiceHost host, string login)
    {
        var token = await Problem.JsonAsync(await host.Admin.PostAsJsonAsync("/api/v1/access-tokens", new { name = "flooded", user = login, resources = new[] { "requests" } }));
        return (token.GetProperty("id").GetString()!, token.GetProperty("token").GetString()!);
    }
}
