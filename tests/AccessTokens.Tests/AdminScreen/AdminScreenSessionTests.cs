using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AccessTokens.Tests.Infrastructure;

namespace AccessTokens.Tests.AdminScreen;

/// <summary>The admin screen's sign-in, cookie and anti-forgery rules, over HTTP as a browser would send them.</summary>
[Collection(AdminScreenCollection.Name)]
public sealed class AdminScreenSessionTests(AdminScreenFixture fixture)
{
    private ServiceHost Host => fixture.Host;

    [Fact]
    public async Task A_state_change_with_the_cookie_but_without_the_antiforgery_header_is_refused()
    {
        using var browser = await SignedInAsync("admin", ServiceHost.AdminPassword);
        var login = Names.Login("csrf");

        using var forged = await browser.Client.PostAsJsonAsync("/api/v1/users", new { login, name = "Forged" });
        var problem = await Problem.AssertAsync(forged, HttpStatusCode.BadRequest);
        Assert.Equal("Anti-forgery check failed", problem.GetProperty("title").GetString());
        using var wrong = await browser.SendAsync(HttpMethod.Delete, "/api/v1/access-tokens/AAAAAAAAAAAA", "not-the-token");
        await Problem.AssertAsync(wrong, HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.NotFound, (await Host.Admin.GetAsync($"/api/v1/users/{login}")).StatusCode);

        using var allowed = await browser.SendAsync(HttpMethod.Post, "/api/v1/users", await browser.AntiforgeryTokenAsync(), new { login, name = "Real" });
        Assert.Equal(HttpStatusCode.Created, allowed.StatusCode);
        using var read = await browser.Client.GetAsync($"/api/v1/users/{login}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);

        // Bearer clients carry no cookie and need no anti-forgery token.
        using var bearer = await Host.Admin.PatchAsJsonAsync($"/api/v1/users/{login}", new { name = "Renamed" });
        Assert.Equal(HttpStatusCode.OK, bearer.StatusCode);
    }

    [Fact]
    public async Task The_session_cookie_is_HttpOnly_and_SameSite_Strict()
    {
        using var browser = await SignedInAsync("admin", ServiceHost.AdminPassword);

        var session = Assert.Single(browser.SetCookies, cookie => cookie.StartsWith("accesstokens.admin=", StringComparison.Ordinal));
        var attributes = session.Split(';', StringSplitOptions.TrimEntries).Skip(1).Select(attribute => attribute.ToLowerInvariant()).ToList();
        Assert.Contains("httponly", attributes);
        Assert.Contains("samesite=strict", attributes);
        Assert.Contains("path=/", attributes);
        Assert.DoesNotContain(attributes, attribute => attribute.StartsWith("expires", StringComparison.Ordinal));
        var antiforgery = Assert.Single(browser.SetCookies, cookie => cookie.StartsWith("accesstokens.antiforgery=", StringComparison.Ordinal));
        Assert.Contains("httponly", antiforgery.ToLowerInvariant());
        Assert.Contains("samesite=strict", antiforgery.ToLowerInvariant());

        var me = await Problem.JsonAsync(await browser.Client.GetAsync("/ui/session"));
        Assert.Equal("admin", me.GetProperty("user").GetString());
        var settings = await Problem.JsonAsync(await browser.Client.GetAsync("/ui/settings"));
        Assert.Equal(AdminScreenFixture.TimeZone, settings.GetProperty("timeZone").GetString());

        using var signOut = await browser.SendAsync(HttpMethod.Post, "/ui/sign-out", await browser.AntiforgeryTokenAsync());
        Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);
        await Problem.AssertAsync(await browser.Client.GetAsync("/ui/session"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Sign_in_refusals_do_not_say_whether_the_login_exists()
    {
        var disabled = await fixture.CreateUserAsync("Administrator", "disabled-admin-pass");
        Assert.Equal(HttpStatusCode.OK, (await Host.Admin.PatchAsJsonAsync($"/api/v1/users/{disabled}", new { active = false })).StatusCode);
        var withoutPassword = await fixture.CreateUserAsync("Administrator");

        var answers = new List<string>();
        foreach (var (login, password) in new[]
        {
            ("admin", "not-the-password"),
            (Names.Login("nobody"), "some-password"),
            (disabled, "disabled-admin-pass"),
            (withoutPassword, "some-password"),
        })
        {
            using var browser = NewClient();
            using var response = await browser.SignInAsync(login, password);
            var body = await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
            Assert.DoesNotContain(browser.Jar.GetCookies(Host.Address), cookie => cookie.Name == "accesstokens.admin");
            answers.Add(body.GetProperty("title").GetString() + " " + body.GetProperty("detail").GetString());
        }

        Assert.Single(answers.Distinct());
        Assert.DoesNotContain("not-the-password", string.Join('\n', Host.Logs.Entries), StringComparison.Ordinal);
        Assert.DoesNotContain("disabled-admin-pass", string.Join('\n', Host.Logs.Entries), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_in_without_the_antiforgery_token_is_refused()
    {
        using var browser = NewClient();
        using var response = await browser.SendAsync(HttpMethod.Post, "/ui/sign-in", null, new { login = "admin", password = ServiceHost.AdminPassword });

        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("Anti-forgery check failed", problem.GetProperty("title").GetString());
        Assert.DoesNotContain(browser.Jar.GetCookies(Host.Address), cookie => cookie.Name == "accesstokens.admin");
    }

    [Fact]
    public async Task A_session_ends_when_its_user_is_disabled()
    {
        var login = await fixture.CreateUserAsync("Administrator", "second-admin-pass");
        using var browser = await SignedInAsync(login, "second-admin-pass");
        Assert.Equal(HttpStatusCode.OK, (await browser.Client.GetAsync("/api/v1/users")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await Host.Admin.PatchAsJsonAsync($"/api/v1/users/{login}", new { active = false })).StatusCode);

        using var after = await browser.Client.GetAsync("/api/v1/users");
        await Problem.AssertAsync(after, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_screen_is_served_to_anyone_while_the_api_still_needs_credentials()
    {
        using var page = await Host.Anonymous.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("default-src 'self'", string.Join(' ', page.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        Assert.Contains("<title>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        string[] modules = ["/app.js", .. new[] { "api", "dates", "dom", "lists", "session", "tokens", "users" }.Select(module => $"/screen/{module}.js")];
        foreach (var file in modules)
        {
            // Browsers run a module only when it is served as JavaScript.
            using var response = await Host.Anonymous.GetAsync(file);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        }

        using (var style = await Host.Anonymous.GetAsync("/app.css"))
        {
            Assert.Equal(HttpStatusCode.OK, style.StatusCode);
        }

        using var api = await Host.Anonymous.GetAsync("/api/v1/access-tokens");
        await Problem.AssertAsync(api, HttpStatusCode.Unauthorized);
        Problem.AssertChallenge(api, null);
        await Problem.AssertAsync(await Host.Anonymous.GetAsync("/ui/settings"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_user_who_may_not_administer_is_refused_with_a_reason()
    {
        var login = await fixture.CreateUserAsync("User", "plain-user-pass");
        using var browser = NewClient();

        using var response = await browser.SignInAsync(login, "plain-user-pass");

        var problem = await Problem.AssertAsync(response, HttpStatusCode.Forbidden);
        Assert.Contains("may not administer access tokens", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(browser.Jar.GetCookies(Host.Address), cookie => cookie.Name == "accesstokens.admin");
    }

    private ScreenClient NewClient() => new(Host.Address);

    private async Task<ScreenClient> SignedInAsync(string login, string password)
    {
        var browser = NewClient();
        using var response = await browser.SignInAsync(login, password);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return browser;
    }
}
