using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace AccessTokens.Tests.Infrastructure;

/// <summary>Admin and check calls against a silo process's API.</summary>
public static class ClusterApi
{
    /// <summary>Creates a user through <paramref name="silo"/> (cataloguing the test resources first).</summary>
    public static async Task<string> CreateUserAsync(SiloProcess silo, string? login = null)
    {
        await TestCatalogue.EnsureAsync(silo.Admin);
        login ??= Names.Login();
        var response = await silo.Admin.PostAsJsonAsync("/api/v1/users", new { login, name = "Cluster " + login, profile = "User" });
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{silo.Name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return login;
    }

    /// <summary>Creates a token through <paramref name="silo"/>, with <paramref name="policies"/> when given; returns its id and value.</summary>
    public static async Task<(string Id, string Value)> CreateTokenAsync(SiloProcess silo, string user, object? policies = null)
    {
        var body = policies is null ? [] : JsonSerializer.SerializeToNode(policies)!.AsObject();
        body["name"] = "cluster";
        body["user"] = user;
        body["resources"] = new System.Text.Json.Nodes.JsonArray("requests");
        var response = await silo.Admin.PostAsJsonAsync("/api/v1/access-tokens", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{silo.Name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (created.GetProperty("id").GetString()!, created.GetProperty("token").GetString()!);
    }

    /// <summary>Checks a token through <paramref name="silo"/>; returns the status code.</summary>
    public static async Task<HttpStatusCode> CheckAsync(SiloProcess silo, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/auth/check?resource=requests");
        request.Headers.Authorization = new("Bearer", token);
        using var response = await silo.Anonymous.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>A token's record read through <paramref name="silo"/>.</summary>
    public static async Task<JsonElement> GetTokenAsync(SiloProcess silo, string id) =>
        await silo.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/access-tokens/{id}");
}
