using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace AccessTokens.Benchmarks;

/// <summary>Creates the benchmark's users and tokens through the HTTP API, sixteen requests at a time.</summary>
public static class TokenSetup
{
    /// <summary>Login of the user the Basic row checks with.</summary>
    public const string BasicLogin = "bench-basic";

    /// <summary>Its password.</summary>
    public const string BasicPassword = "bench-basic-password";

    /// <summary>The limited tokens' rate limit: a million checks a day.</summary>
    public static readonly AccessTokens.Tokens.RateLimit LimitedRateLimit = new(1_000_000, TimeSpan.FromDays(1));

    /// <summary>Their quota: a trillion uses a month.</summary>
    public static readonly AccessTokens.Tokens.Quota LimitedQuota = new(1_000_000_000_000, AccessTokens.Tokens.QuotaRefill.Monthly);

    /// <summary>
    /// The policies of the limited tokens: a rate limit and a quota set, far above what a run checks, so every check is
    /// counted against both and none is refused.
    /// </summary>
    public static readonly object LimitedPolicies = new
    {
        rateLimit = new { requests = LimitedRateLimit.Requests, per = LimitedRateLimit.Per.ToString("c", CultureInfo.InvariantCulture) },
        quota = new { uses = LimitedQuota.Uses, refill = "monthly" },
    };

    /// <summary>
    /// Creates 100 users, <paramref name="count"/> tokens and <paramref name="limitedCount"/> tokens with
    /// <see cref="LimitedPolicies"/>; returns them and the creation rate of the first (tokens/s).
    /// </summary>
    public static async Task<((string Id, string Value, string User)[] Tokens, (string Id, string Value, string User)[] Limited, double Rate)> CreateThroughApiAsync(
        Uri api, string adminPassword, int count, int limitedCount = 0)
    {
        using var client = new HttpClient { BaseAddress = api };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"admin:{adminPassword}")));
        var admin = await PostAsync(client, "/api/v1/access-tokens", new { name = "benchmark", user = "admin", resources = new[] { "admin" } });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", admin.GetProperty("token").GetString());

        await PostAsync(client, "/api/v1/resources", new { name = "requests", description = "Benchmark resource", pathPrefixes = new[] { "/requests" } });
        await PatchAsync(client, "/api/v1/profiles/User", new { resources = new[] { new { resource = "requests", access = "readwrite" } } });
        // The Basic row of the benchmark checks with this user's login and password.
        await PostAsync(client, "/api/v1/users", new { login = BasicLogin, name = "Basic benchmark", profile = "User", password = BasicPassword });
        var users = Enumerable.Range(0, 100).Select(i => $"bench-{i:000}").ToList();
        foreach (var user in users)
        {
            await PostAsync(client, "/api/v1/users", new { login = user, name = user, profile = "User" });
        }

        var clock = Stopwatch.StartNew();
        var tokens = await CreateTokensAsync(client, users, count, "bench", null);
        var rate = count / clock.Elapsed.TotalSeconds;
        var limited = await CreateTokensAsync(client, users, limitedCount, "limited", LimitedPolicies);
        return (tokens, limited, rate);
    }

    private static async Task<(string Id, string Value, string User)[]> CreateTokensAsync(HttpClient client, List<string> users, int count, string name, object? policies)
    {
        var tokens = new (string Id, string Value, string User)[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (index, _) =>
        {
            var user = users[index % users.Count];
            var body = policies is null ? [] : JsonSerializer.SerializeToNode(policies)!.AsObject();
            body["name"] = $"{name} {index}";
            body["user"] = user;
            body["resources"] = new System.Text.Json.Nodes.JsonArray("requests");
            var created = await PostAsync(client, "/api/v1/access-tokens", body);
            tokens[index] = (created.GetProperty("id").GetString()!, created.GetProperty("token").GetString()!, user);
        });
        return tokens;
    }

    private static async Task PatchAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PatchAsJsonAsync(path, body);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"PATCH {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static async Task<JsonElement> PostAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
