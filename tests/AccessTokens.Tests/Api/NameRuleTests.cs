using System.Net;
using System.Net.Http.Json;
using System.Text;
using AccessTokens.Tests.Infrastructure;

namespace AccessTokens.Tests.Api;

/// <summary>
/// Names and descriptions people read in lists and in the audit trail cannot hide text: no bidirectional overrides,
/// no zero-width or other invisible characters, and something visible in every name.
/// </summary>
[Collection(SqliteApiCollection.Name)]
[Trait(Tier.Name, Tier.Fast)]
public sealed class NameRuleTests(SqliteApiFixture fixture)
{
    // JSON escapes, so the test source shows what each one is.
    public static TheoryData<string> Hidden() => new()
    {
        @"\u202Eexe.tnemyap",
        @"pay\u200Bment",
        @"\u200B",
        @"\uFEFFname",
        @"\u2066isolated\u2069",
        @"\u3164",
        @"\u2800",
        @" \u0301",
        @"line\u2028break",
        @"tab\there",
    };

    [Theory]
    [MemberData(nameof(Hidden))]
    public async Task A_token_or_user_name_that_hides_characters_or_shows_none_is_refused(string escaped)
    {
        var user = await fixture.CreateUserAsync();
        var token = await PostAsync("/api/v1/access-tokens", $$"""{"name":"{{escaped}}","user":"{{user}}","resources":["requests"]}""");
        await Problem.AssertAsync(token, HttpStatusCode.BadRequest, "name");
        Assert.Equal(0, (await Problem.JsonAsync(await fixture.Host.Admin.GetAsync($"/api/v1/users/{user}"))).GetProperty("tokenCount").GetInt32());

        var login = Names.Login();
        await Problem.AssertAsync(await PostAsync("/api/v1/users", $$"""{"login":"{{login}}","name":"{{escaped}}"}"""), HttpStatusCode.BadRequest, "name");
        await Problem.AssertAsync(await fixture.Host.Admin.GetAsync($"/api/v1/users/{login}"), HttpStatusCode.NotFound);
        await Problem.AssertAsync(await PatchAsync($"/api/v1/users/{user}", $$"""{"name":"{{escaped}}"}"""), HttpStatusCode.BadRequest, "name");
    }

    [Theory]
    [MemberData(nameof(Hidden))]
    public async Task A_description_that_hides_characters_or_shows_none_is_refused(string escaped)
    {
        var resource = Names.Resource();
        await Problem.AssertAsync(await PostAsync("/api/v1/resources", $$"""{"name":"{{resource}}","description":"{{escaped}}"}"""), HttpStatusCode.BadRequest, "description");
        await Problem.AssertAsync(await fixture.Host.Admin.GetAsync($"/api/v1/resources/{resource}"), HttpStatusCode.NotFound);

        var profile = "P" + Names.Login().Replace("-", "", StringComparison.Ordinal);
        await Problem.AssertAsync(await PostAsync("/api/v1/profiles", $$"""{"name":"{{profile}}","description":"{{escaped}}"}"""), HttpStatusCode.BadRequest, "description");
        await Problem.AssertAsync(await PatchAsync("/api/v1/profiles/User", $$"""{"description":"{{escaped}}"}"""), HttpStatusCode.BadRequest, "description");
    }

    [Theory]
    [InlineData("Déploiement nocturne")]
    [InlineData("部署パイプライン")]
    [InlineData("🚀 release")]
    [InlineData("e\u0301te\u0301")]
    [InlineData("Ünïcödé – “quoted”")]
    public async Task Names_in_any_script_with_their_marks_and_symbols_are_kept_as_given(string name)
    {
        var user = await fixture.CreateUserAsync();
        var created = await fixture.Host.Admin.PostAsJsonAsync("/api/v1/access-tokens", new { name, user, resources = new[] { "requests" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(name, (await Problem.JsonAsync(created)).GetProperty("name").GetString());
        var resource = await fixture.Host.Admin.PostAsJsonAsync("/api/v1/resources", new { name = Names.Resource(), description = name });
        Assert.Equal(HttpStatusCode.Created, resource.StatusCode);
    }

    private Task<HttpResponseMessage> PostAsync(string path, string json) =>
        fixture.Host.Admin.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    private Task<HttpResponseMessage> PatchAsync(string path, string json) =>
        fixture.Host.Admin.PatchAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
}
