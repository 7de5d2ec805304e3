using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AccessTokens.Profiles;
using AccessTokens.Resources;

namespace AccessTokens.Tests.Infrastructure;

/// <summary>
/// The resources most tests issue tokens for, <c>requests</c> and <c>assets</c>, catalogued and opened to the
/// <c>User</c> profile, as an administrator sets up a fresh service.
/// </summary>
public static class TestCatalogue
{
    /// <summary>The resources every test store has.</summary>
    public static readonly string[] Resources = ["requests", "assets"];

    /// <summary>Catalogues the test resources and opens them to <c>User</c>, through the API; idempotent.</summary>
    public static async Task EnsureAsync(HttpClient admin)
    {
        var profile = await admin.GetFromJsonAsync<JsonElement>("/api/v1/profiles/User");
        var granted = profile.GetProperty("resources").EnumerateArray().Select(g => g.GetProperty("resource").GetString()).ToHashSet();
        if (Resources.All(granted.Contains))
        {
            return;
        }

        foreach (var name in Resources)
        {
            using var created = await admin.PostAsJsonAsync("/api/v1/resources", new { name, description = "Test resource " + name });
            Assert.True(created.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, await created.Content.ReadAsStringAsync());
        }

        using var patched = await admin.PatchAsJsonAsync("/api/v1/profiles/User",
            new { resources = Resources.Select(name => new { resource = name, access = "readwrite" }) });
        Assert.True(patched.IsSuccessStatusCode, await patched.Content.ReadAsStringAsync());
    }

    /// <summary>The same directly through the grains.</summary>
    public static async Task EnsureAsync(IGrainFactory grains)
    {
        foreach (var name in Resources)
        {
            await grains.GetGrain<IResourceCatalogGrain>(0).CreateAsync(name, new ResourceDefinition("Test resource " + name, null), GrainScenario.Admin());
        }

        var result = await grains.GetGrain<IProfileCatalogGrain>(0).UpdateAsync(BuiltInProfiles.User,
            new ProfileDefinition(null, null, [.. Resources.Select(name => new ResourceGrant(name, ResourceAccess.ReadWrite))], null), GrainScenario.Admin());
        Assert.Null(result.Failure);
    }
}
