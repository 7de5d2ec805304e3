using System.Net;
using System.Net.Http.Json;
using System.Text;
using AccessTokens.Tests.Infrastructure;

namespace AccessTokens.Tests.Api;

public abstract class UserApiTests(ApiFixture fixture)
{
    private HttpClient Admin => fixture.Host.Admin;

    [Fact]
    public async Task Created_user_is_returned_with_location_and_reads_back()
    {
        var login = Names.Login();
        var response = await Admin.PostAsJsonAsync("/api/v1/users", new { login, name = "John Doe", profile = "User", password = "secret-password" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/v1/users/{login}", response.Headers.Location?.ToString());
        var body = await Problem.JsonAsync(response);
        Assert.Equal(login, body.GetProperty("login").GetString());
        Assert.Equal("John Doe", body.GetProperty("name").GetString());
        Assert.Equal("User", body.GetProperty("profile").GetString());
        Assert.True(body.GetProperty("active").GetBoolean());
        Assert.Equal(0, body.GetProperty("tokenCount").GetInt32());
        Assert.False(body.TryGetProperty("password", out _));
        Assert.DoesNotContain("secret-password", body.ToString(), StringComparison.Ordinal);

        var read = await Problem.JsonAsync(await Admin.GetAsync($"/api/v1/users/{login}"));
        Assert.Equal("John Doe", read.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Taken_login_is_a_conflict()
    {
        var login = await fixture.CreateUserAsync();
        var response = await Admin.PostAsJsonAsync("/api/v1/users", new { login, name = "Other" });
        await Problem.AssertAsync(response, HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData("""{"login":"Bad Login","name":"x"}""", "login")]
    [InlineData("""{"login":"","name":"x"}""", "login")]
    [InlineData("""{"name":"x"}""", "login")]
    [InlineData("""{"login":"ok-login-1","name":""}""", "name")]
    [InlineData("""{"login":"ok-login-2"}""", "name")]
    [InlineData("""{"login":"ok-login-3","name":"x","profile":"Root"}""", "profile")]
    [InlineData("""{"login":"ok-login-4","name":"x","password":"short"}""", "password")]
    [InlineData("""{"login":"ok-login-5","name":42}""", "name")]
    [InlineData("""{"login":"ok-login-6","name":"x","colour":"blue"}""", "colour")]
    public async Task Invalid_user_is_refused_with_the_field_and_not_created(string json, string field)
    {
        var response = await Admin.PostAsync("/api/v1/users", new StringContent(json, Encoding.UTF8, "application/json"));
        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, field);

        foreach (var login in new[] { "ok-login-1", "ok-login-2", "ok-login-3", "ok-login-4", "ok-login-5", "ok-login-6" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await Admin.GetAsync($"/api/v1/users/{login}")).StatusCode);
        }
    }

    [Fact]
    public async Task Over_long_login_is_refused()
    {
        var response = await Admin.PostAsJsonAsync("/api/v1/users", new { login = new string('a', 65), name = "x" });
        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "login");
    }

    [Fact]
    public async Task Malformed_json_is_a_problem()
    {
        var response = await Admin.PostAsync("/api/v1/users", new StringContent("{\"login\": ", Encoding.UTF8, "application/json"));
        await Problem.AssertAsync(response, HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("", "application/json")]
    [InlineData("null", "application/json")]
    [InlineData("[]", "application/json")]
    [InlineData("\"text\"", "application/json")]
    [InlineData("{\"login\":\"dup-a\",\"login\":\"dup-b\",\"name\":\"x\"}", "application/json")]
    public async Task Bodies_that_are_not_one_json_object_are_refused(string body, string mediaType)
    {
        var response = await Admin.PostAsync("/api/v1/users", new StringContent(body, Encoding.UTF8, mediaType));
        await Problem.AssertAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.GetAsync("/api/v1/users/dup-b")).StatusCode);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_an_unsupported_media_type()
    {
        var response = await Admin.PostAsync("/api/v1/users", new StringContent("login=x", Encoding.UTF8, "text/plain"));
        await Problem.AssertAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Unknown_paths_and_methods_are_problems_too()
    {
        await Problem.AssertAsync(await Admin.GetAsync("/api/v1/nothing-here"), HttpStatusCode.NotFound);
        await Problem.AssertAsync(await Admin.PutAsync("/api/v1/users", new StringContent("{}", Encoding.UTF8, "application/json")), HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task Unknown_user_is_not_found()
    {
        await Problem.AssertAsync(await Admin.GetAsync($"/api/v1/users/{Names.Login()}"), HttpStatusCode.NotFound);
        await Problem.AssertAsync(await Admin.PatchAsJsonAsync($"/api/v1/users/{Names.Login()}", new { name = "x" }), HttpStatusCode.NotFound);
        await Problem.AssertAsync(await Admin.GetAsync("/api/v1/users/NOT%20A%20LOGIN"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Patch_changes_only_the_fields_given()
    {
        var login = await fixture.CreateUserAsync();
        var response = await Admin.PatchAsJsonAsync($"/api/v1/users/{login}", new { name = "Renamed", profile = "Administrator" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await Problem.JsonAsync(response);
        Assert.Equal("Renamed", body.GetProperty("name").GetString());
        Assert.Equal("Administrator", body.GetProperty("profile").GetString());
        Assert.True(body.GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task Invalid_patch_changes_nothing()
    {
        var login = await fixture.CreateUserAsync();
        var response = await Admin.PatchAsJsonAsync($"/api/v1/users/{login}", new { name = "Renamed", profile = "Nobody" });
        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "profile");

        var read = await Problem.JsonAsync(await Admin.GetAsync($"/api/v1/users/{login}"));
        Assert.Equal("Test " + login, read.GetProperty("name").GetString());
        Assert.Equal("User", read.GetProperty("profile").GetString());
    }

    [Fact]
    public async Task Users_page_through_with_a_cursor()
    {
        for (var i = 0; i < 3; i++)
        {
            await fixture.CreateUserAsync();
        }

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var url = "/api/v1/users?limit=2" + (cursor is null ? string.Empty : "&cursor=" + Uri.EscapeDataString(cursor));
            var page = await Problem.JsonAsync(await Admin.GetAsync(url));
            var items = page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("login").GetString()!).ToList();
            Assert.InRange(items.Count, 1, 2);
            seen.AddRange(items);
            cursor = page.GetProperty("next").GetString();
        }
        while (cursor is not null);

        Assert.Equal(seen.Order(StringComparer.Ordinal), seen);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Contains("admin", seen);
        Assert.True(seen.Count >= 4);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=201", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    public async Task Bad_paging_is_refused(string query, string field)
    {
        await Problem.AssertAsync(await Admin.GetAsync("/api/v1/users?" + query), HttpStatusCode.BadRequest, field);
    }
}

[Collection(SqliteApiCollection.Name)]
[Trait(Tier.Name, Tier.Fast)]
public sealed class UserApiOnSqliteTests(SqliteApiFixture fixture) : UserApiTests(fixture);

[Collection(PostgresApiCollection.Name)]
public sealed class UserApiOnPostgresTests(PostgresApiFixture fixture) : UserApiTests(fixture);
