using System.Net;
using System.Net.Http.Json;
using AccessTokens.Tests.AdminScreen;
using AccessTokens.Tests.Infrastructure;

namespace AccessTokens.Tests.Api;

/// <summary>Admin screen sessions end where they are held, so every copy of a cookie ends with them.</summary>
[Collection(SqliteApiCollection.Name)]
[Trait(Tier.Name, Tier.Fast)]
public sealed class SessionTests(SqliteApiFixture fixture)
{
    private const string CookieName = "accesstokens.admin";
    private const string Password = "session-test-password";

    private ServiceHost Host => fixture.Host;

    [Fact]
    public async Task A_copy_of_the_cookie_taken_before_sign_out_is_refused_after_it()
    {
        var login = await fixture.CreateUserAsync("Administrator", Password);
        using var browser = await SignedInAsync(login);
        using var copy = CopyOf(browser);
        Assert.Equal(HttpStatusCode.OK, (await copy.Client.GetAsync("/ui/session")).StatusCode);

        using var signOut = await browser.SendAsync(HttpMethod.Post, "/ui/sign-out", await browser.AntiforgeryTokenAsync());
        Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);

        await Problem.AssertAsync(await copy.Client.GetAsync("/ui/session"), HttpStatusCode.Unauthorized);
        await Problem.AssertAsync(await copy.Client.GetAsync("/api/v1/access-tokens"), HttpStatusCode.Unauthorized);

        // Another session of the same user is its own: signing out of one leaves it open.
        using var other = await SignedInAsync(login);
        using var third = await SignedInAsync(login);
        using var signOutThird = await third.SendAsync(HttpMethod.Post, "/ui/sign-out", await third.AntiforgeryTokenAsync());
        Assert.Equal(HttpStatusCode.OK, (await other.Client.GetAsync("/ui/session")).StatusCode);
    }

    [Fact]
    public async Task A_new_password_another_profile_or_disabling_ends_every_session_of_the_user()
    {
        var login = await fixture.CreateUserAsync("Administrator", Password);
        // Another profile whose users may use the screen, but not one able to administer everything: the fixture's
        // other tests count on Administrator being the only such profile.
        var administers = "P" + Names.Login().Replace("-", "", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, (await Host.Admin.PostAsJsonAsync("/api/v1/profiles", new
        {
            name = administers, resources = new[] { new { resource = "admin", access = "readwrite" } }, permissions = new[] { "tokens.admin" },
        })).StatusCode);

        // A change that hands over no right leaves the sessions open.
        using (var browser = await SignedInAsync(login))
        {
            Assert.Equal(HttpStatusCode.OK, (await Host.Admin.PatchAsJsonAsync($"/api/v1/users/{login}", new { name = "Renamed" })).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await browser.Client.GetAsync("/ui/session")).StatusCode);
        }

        var password = Password;
        foreach (var change in new object[] { new { password = "changed-password-1" }, new { profile = administers }, new { active = false } })
        {
            using var first = await SignedInAsync(login, password);
            using var second = await SignedInAsync(login, password);
            using var copy = CopyOf(first);
            Assert.Equal(HttpStatusCode.OK, (await Host.Admin.PatchAsJsonAsync($"/api/v1/users/{login}", change)).StatusCode);
            password = "changed-password-1";
            foreach (var ended in new[] { first, second, copy })
            {
                await Problem.AssertAsync(await ended.Client.GetAsync("/ui/session"), HttpStatusCode.Unauthorized);
            }
        }
    }

    [Fact]
    public async Task A_session_ended_by_disabling_stays_ended_when_the_user_is_enabled_again()
    {
        var login = await fixture.CreateUserAsync("Administrator", Password);
        using var browser = await SignedInAsync(login);
        Assert.Equal(HttpStatusCode.OK, (await Host.Admin.PatchAsJsonAsync($"/api/v1/users/{login}", new { active = false })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Host.Admin.PatchAsJsonAsync($"/api/v1/users/{login}", new { active = true })).StatusCode);

        await Problem.AssertAsync(await browser.Client.GetAsync("/ui/session"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_session_ends_at_its_lifetime_however_busy_it_is()
    {
        var login = await fixture.CreateUserAsync("Administrator", Password);
        using var browser = await SignedInAsync(login);
        for (var hour = 0; hour < 7; hour++)
        {
            fixture.Clock.Advance(TimeSpan.FromHours(1));
            Assert.Equal(HttpStatusCode.OK, (await browser.Client.GetAsync("/ui/session")).StatusCode);
        }

        fixture.Clock.Advance(TimeSpan.FromMinutes(61));
        await Problem.AssertAsync(await browser.Client.GetAsync("/ui/session"), HttpStatusCode.Unauthorized);
    }

    private ScreenClient CopyOf(ScreenClient browser)
    {
        var copy = new ScreenClient(Host.Address);
        var cookie = browser.Jar.GetCookies(Host.Address)[CookieName] ?? throw new InvalidOperationException("The browser holds no session cookie.");
        copy.Jar.Add(Host.Address, new Cookie(cookie.Name, cookie.Value));
        return copy;
    }

    private async Task<ScreenClient> SignedInAsync(string login, string password = Password)
    {
        var browser = new ScreenClient(Host.Address);
        using var response = await browser.SignInAsync(login, password);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return browser;
    }
}
