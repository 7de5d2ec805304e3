using System.Diagnostics;
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

    /// <summary>Creates 100 users and <paramref name="count"/> tokens; returns them and the creation rate (tokens/s).</summary>
    public static async Task<((string Id, string Value, string User)[] Tokens, double Rate)> CreateThroughApiAsync(Uri api, string adminPassword, int count)
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

        var tokens = new (string Id, string Value, string User)[count];
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (index, _) =>
        {
            var user = users[index % users.Count];
            var created = await PostAsync(client, "/api/v1/access-tokens", new { name = $"bench {index}", user, resources = new[] { "requests" } });
            tokens[index] = (created.GetProperty("id").GetString()!, created.GetProperty("token").GetString()!, user);
        });
        return (tokens, count / clock.Elapsed.TotalSeconds);
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
