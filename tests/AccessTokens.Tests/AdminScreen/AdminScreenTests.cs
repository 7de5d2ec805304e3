using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using AccessTokens.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AccessTokens.Tests.AdminScreen;

/// <summary>The admin screen driven in headless Chromium against the real service.</summary>
[Collection(AdminScreenCollection.Name)]
public sealed class AdminScreenTests(AdminScreenFixture fixture)
{
    private const string Resource = "requests";

    [BrowserFact]
    public async Task Admin_signs_in_and_sees_the_token_list()
    {
        var user = await fixture.CreateUserAsync();
        var created = await CreateTokenThroughApiAsync(user, "Listed " + user);
        var page = await fixture.NewPageAsync();
        await using var context = page.Context;

        await SignInAsync(page, "admin", ServiceHost.AdminPassword);

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Access Tokens" })).ToBeVisibleAsync();
        await Expect(page.Locator("#account-name")).ToHaveTextAsync("admin");
        await Expect(page.Locator("#tokens-zone")).ToContainTextAsync(AdminScreenFixture.TimeZone);
        string[] columns = ["Name", "User", "Expiry Date", "Date of last use", "Status"];
        foreach (var column in columns)
        {
            await Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = column, Exact = true })).ToBeVisibleAsync();
        }

        var row = TokenRow(page, created.GetProperty("id").GetString()!);
        await Expect(row).ToContainTextAsync("Listed " + user);
        await Expect(row.Locator("td[data-label='Expiry Date']")).ToHaveTextAsync("unlimited");
        await Expect(row.Locator("td[data-label='Date of last use']")).ToHaveTextAsync("never");
        await Expect(row.Locator("td[data-label='Status']")).ToContainTextAsync("Active");
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = "Revoke" })).ToBeVisibleAsync();

        // Filtering by user shows that user's tokens only.
        var filters = page.Locator("#token-filters");
        await filters.GetByLabel("User", new() { Exact = true }).SelectOptionAsync(user);
        await Expect(page.Locator("#tokens-table tbody tr")).ToHaveCountAsync(1);
        await Expect(row).ToBeVisibleAsync();
        await filters.GetByLabel("Status", new() { Exact = true }).SelectOptionAsync("revoked");
        await Expect(page.Locator("#tokens-table tbody tr")).ToHaveCountAsync(0);
        await Expect(page.Locator("#tokens-empty")).ToBeVisibleAsync();
    }

    [BrowserFact]
    public async Task Admin_generates_a_token_copies_its_value_once_and_revokes_it()
    {
        await fixture.EnsureResourceAsync(Resource);
        var user = await fixture.CreateUserAsync("Administrator");
        var name = "CI pipeline " + user;
        var page = await fixture.NewPageAsync();
        await using var context = page.Context;
        await SignInAsync(page, "admin", ServiceHost.AdminPassword);

        await page.GetByRole(AriaRole.Button, new() { Name = "+ New" }).ClickAsync();
        var dialog = page.Locator("#new-token-dialog");
        await Expect(dialog).ToBeVisibleAsync();
        await dialog.GetByLabel("Name").FillAsync(name);
        await dialog.GetByLabel("User").SelectOptionAsync(user);
        await ChooseResourceAsync(page, Resource);
        await dialog.GetByLabel("Period of validity").SelectOptionAsync("90");
        await Screenshots.SaveAsync(page, "new-token-dialog");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Generate" }).ClickAsync();

        var shown = page.Locator("#token-value-dialog");
        await Expect(shown).ToBeVisibleAsync();
        await Expect(shown).ToContainTextAsync("will not be shown");
        var valueField = shown.GetByLabel("Access token value");
        await Expect(valueField).ToHaveValueAsync(new Regex("^smat_"));
        var value = await valueField.InputValueAsync();
        await Expect(page.Locator("#token-copy-status")).ToContainTextAsync("copied to the clipboard");
        await Screenshots.SaveAsync(page, "token-value-dialog", mask: valueField);
        Assert.Equal(value, await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));

        await page.EvaluateAsync("() => navigator.clipboard.writeText('something else')");
        await shown.GetByRole(AriaRole.Button, new() { Name = "Copy" }).ClickAsync();
        await Expect(page.Locator("#token-copy-status")).ToHaveTextAsync("Copied to the clipboard.");
        Assert.Equal(value, await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
        Assert.Equal(HttpStatusCode.OK, await fixture.CheckAsync(value, Resource));

        await shown.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
        await Expect(shown).ToBeHiddenAsync();
        await Expect(page.Locator("#token-value")).ToHaveCountAsync(0);
        Assert.DoesNotContain(value, await page.ContentAsync(), StringComparison.Ordinal);
        var traces = await page.EvaluateAsync<string>(
            "() => [location.href, JSON.stringify(history.state), JSON.stringify(localStorage), JSON.stringify(sessionStorage), document.cookie].join(' ')");
        Assert.DoesNotContain(value, traces, StringComparison.Ordinal);
        Assert.False(fixture.Host.Logs.Contains(value), "the token value was logged");

        var id = await FindTokenIdAsync(user);
        var row = TokenRow(page, id);
        await Expect(row).ToContainTextAsync(name);
        await Expect(row).ToContainTextAsync(Resource);
        await Expect(row.Locator("td[data-label='Expiry Date']")).ToHaveTextAsync(new Regex(@"^\d{4}-\d{2}-\d{2}$"));

        // The revocation must show without a reload: the marker would be gone after one.
        await page.EvaluateAsync("() => { window.notReloaded = true; }");
        await row.GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        var confirm = page.Locator("#revoke-dialog");
        await Expect(confirm).ToBeVisibleAsync();
        await Expect(confirm).ToContainTextAsync(name);
        await Screenshots.SaveAsync(page, "revoke-dialog");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();

        await Expect(confirm).ToBeHiddenAsync();
        var status = row.Locator("td[data-label='Status']");
        await Expect(status).ToContainTextAsync("Revoked");
        await Expect(status).ToContainTextAsync(new Regex(@"on \d{4}-\d{2}-\d{2} \d{2}:\d{2} by admin"));
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = "Revoke" })).ToHaveCountAsync(0);
        Assert.True(await page.EvaluateAsync<bool>("() => window.notReloaded === true"));
        Assert.Equal(HttpStatusCode.Unauthorized, await fixture.CheckAsync(value, Resource));
        await Screenshots.SaveAsync(page, "token-list");
    }

    [BrowserFact]
    public async Task With_the_keyboard_alone_a_token_is_generated_and_Escape_forgets_its_value()
    {
        await fixture.EnsureResourceAsync(Resource);
        var user = await fixture.CreateUserAsync("Administrator");
        var page = await fixture.NewPageAsync();
        await using var context = page.Context;
        await page.GotoAsync("/");
        var form = page.Locator("#sign-in-form");
        await Expect(form.GetByLabel("Login")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("admin");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(ServiceHost.AdminPassword);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Access Tokens" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "+ New" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var dialog = page.Locator("#new-token-dialog");
        await Expect(dialog.GetByLabel("Name")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("Keyboard " + user);
        await page.Keyboard.PressAsync("Tab");
        await Expect(dialog.GetByLabel("User")).ToBeFocusedAsync();
        await dialog.GetByLabel("User").SelectOptionAsync(user);
        await ChooseResourceAsync(page, Resource);
        await page.Keyboard.PressAsync("Enter");

        var shown = page.Locator("#token-value-dialog");
        var valueField = shown.GetByLabel("Access token value");
        await Expect(valueField).ToBeFocusedAsync();
        var value = await valueField.InputValueAsync();
        Assert.Equal(HttpStatusCode.OK, await fixture.CheckAsync(value, Resource));
        await page.Keyboard.PressAsync("Escape");

        await Expect(shown).ToBeHiddenAsync();
        await Expect(page.Locator("#token-value")).ToHaveCountAsync(0);
        Assert.DoesNotContain(value, await page.ContentAsync(), StringComparison.Ordinal);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "+ New" })).ToBeFocusedAsync();
    }

    [BrowserFact]
    public async Task With_a_resource_catalogue_the_dialog_offers_what_the_users_profile_allows()
    {
        var resource = Names.Resource("screen");
        await fixture.EnsureResourceAsync(resource);
        var profile = "Screen" + Names.Login().Replace("-", "", StringComparison.Ordinal);
        var created = await fixture.Host.Admin.PostAsJsonAsync("/api/v1/profiles",
            new { name = profile, resources = new[] { new { resource, access = "read" } } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var plain = await fixture.CreateUserAsync(profile);
        var administrator = await fixture.CreateUserAsync("Administrator");
        var catalogue = (await fixture.Host.Admin.GetFromJsonAsync<JsonElement>("/api/v1/resources")).GetProperty("items").GetArrayLength();
        var page = await fixture.NewPageAsync();
        await using var context = page.Context;
        await SignInAsync(page, "admin", ServiceHost.AdminPassword);

        await page.GetByRole(AriaRole.Button, new() { Name = "+ New" }).ClickAsync();
        var dialog = page.Locator("#new-token-dialog");
        var choices = dialog.Locator("#new-token-resources-field input[type=checkbox]");
        await Expect(dialog.Locator("#new-token-resources")).ToHaveCountAsync(0);
        await Expect(choices).ToHaveCountAsync(catalogue);

        await dialog.GetByLabel("User").SelectOptionAsync(plain);
        await Expect(choices).ToHaveCountAsync(1);
        await Expect(dialog.GetByLabel(resource)).ToBeVisibleAsync();
        await Expect(dialog.Locator("#new-token-resources-field")).ToContainTextAsync("(read)");
        await Screenshots.SaveAsync(page, "new-token-dialog-catalogue");

        await dialog.GetByLabel("User").SelectOptionAsync(administrator);
        await Expect(choices).ToHaveCountAsync(catalogue);
        await Expect(dialog.GetByLabel("assets")).ToBeVisibleAsync();
    }

    [BrowserFact]
    public async Task A_user_who_may_not_administer_cannot_sign_in_and_is_told_why()
    {
        var login = await fixture.CreateUserAsync("User", "plain-user-pass");
        var page = await fixture.NewPageAsync();
        await using var context = page.Context;

        await SignInAsync(page, login, "plain-user-pass");

        await Expect(page.Locator("#sign-in-error")).ToContainTextAsync("may not administer access tokens");
        await Expect(page.Locator("#app-view")).ToBeHiddenAsync();
        await Screenshots.SaveAsync(page, "sign-in-refused");
        Assert.DoesNotContain(await context.CookiesAsync(), cookie => cookie.Name == "accesstokens.admin");

        await SignInAsync(page, "admin", "not-the-password");
        await Expect(page.Locator("#sign-in-error")).ToContainTextAsync("login or password is not correct");
        await Expect(page.Locator("#app-view")).ToBeHiddenAsync();
        await Expect(page.Locator("#sign-in-password")).ToHaveValueAsync(string.Empty);
    }

    [BrowserFact]
    public async Task Validation_errors_show_next_to_their_fields()
    {
        await fixture.EnsureResourceAsync(Resource);
        var user = await fixture.CreateUserAsync("Administrator");
        var page = await fixture.NewPageAsync();
        await using var context = page.Context;
        await SignInAsync(page, "admin", ServiceHost.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "+ New" }).ClickAsync();
        var dialog = page.Locator("#new-token-dialog");
        await dialog.GetByLabel("User").SelectOptionAsync(user);
        await ChooseResourceAsync(page, Resource);

        await dialog.GetByRole(AriaRole.Button, new() { Name = "Generate" }).ClickAsync();
        await Expect(dialog.Locator("#new-token-name-error")).ToHaveTextAsync("The name is required.");
        await Expect(dialog.GetByLabel("Name")).ToHaveAttributeAsync("aria-invalid", "true");

        await dialog.GetByLabel("Name").FillAsync("Too old");
        await dialog.GetByLabel("Expiry date").FillAsync("2020-01-31");
        await Expect(dialog.GetByLabel("Date", new() { Exact = true })).ToBeCheckedAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Generate" }).ClickAsync();
        await Expect(dialog.Locator("#new-token-expiry-error")).ToContainTextAsync("today");
        await Expect(dialog.GetByLabel("Expiry date")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(dialog.GetByLabel("Expiry date")).ToBeFocusedAsync();
        await Screenshots.SaveAsync(page, "new-token-dialog-error");
        await Expect(dialog.Locator("#new-token-name-error")).ToBeHiddenAsync();
        await Expect(page.Locator("#token-value-dialog")).ToBeHiddenAsync();

        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        var tokens = await fixture.Host.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/access-tokens?user={user}");
        Assert.Equal(0, tokens.GetProperty("items").GetArrayLength());
    }

    [BrowserFact]
    public async Task Admin_creates_a_user_and_disables_it_on_the_users_screen()
    {
        var login = Names.Login("made");
        var page = await fixture.NewPageAsync();
        await using var context = page.Context;
        await SignInAsync(page, "admin", ServiceHost.AdminPassword);
        await page.GetByRole(AriaRole.Link, new() { Name = "Users" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Users" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "+ New user" }).ClickAsync();
        var dialog = page.Locator("#new-user-dialog");
        await dialog.GetByLabel("Login").FillAsync("Not A Login");
        await dialog.GetByLabel("Name").FillAsync("Made On Screen");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await Expect(dialog.Locator("#new-user-login-error")).ToContainTextAsync("a-z");

        await dialog.GetByLabel("Login").FillAsync(login);
        await dialog.GetByLabel("Profile").SelectOptionAsync("User");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();

        var row = page.Locator($"#users-table tr[data-login='{login}']");
        await Expect(row).ToContainTextAsync("Made On Screen");
        await Expect(row.Locator("td[data-label='Status']")).ToContainTextAsync("Active");
        await row.GetByRole(AriaRole.Button, new() { Name = "Disable" }).ClickAsync();
        await Expect(row.Locator("td[data-label='Status']")).ToContainTextAsync("Disabled");
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = "Enable" })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "users");

        var stored = await fixture.Host.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/users/{login}");
        Assert.False(stored.GetProperty("active").GetBoolean());
        Assert.Equal("User", stored.GetProperty("profile").GetString());
    }

    [BrowserFact]
    public async Task A_token_is_generated_with_limits_and_its_details_show_its_addresses_and_change_its_policies_in_place()
    {
        await fixture.EnsureResourceAsync(Resource);
        var user = await fixture.CreateUserAsync();
        var name = "Limited " + user;
        var page = await fixture.NewPageAsync();
        await using var context = page.Context;
        await SignInAsync(page, "admin", ServiceHost.AdminPassword);

        await page.GetByRole(AriaRole.Button, new() { Name = "+ New" }).ClickAsync();
        var dialog = page.Locator("#new-token-dialog");
        await dialog.GetByLabel("Name").FillAsync(name);
        await dialog.GetByLabel("User").SelectOptionAsync(user);
        await ChooseResourceAsync(page, Resource);
        await dialog.GetByLabel("Rate limit").FillAsync("2");
        await dialog.GetByLabel("requests per").SelectOptionAsync("00:01:00");
        await dialog.GetByLabel("Quota").FillAsync("100");
        await dialog.GetByLabel("uses, refilled").SelectOptionAsync("daily");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Generate" }).ClickAsync();
        var shown = page.Locator("#token-value-dialog");
        var value = await shown.GetByLabel("Access token value").InputValueAsync();
        await shown.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();

        Assert.Equal(HttpStatusCode.OK, await fixture.CheckAsync(value, Resource));
        Assert.Equal(HttpStatusCode.OK, await fixture.CheckAsync(value, Resource));
        Assert.Equal(HttpStatusCode.TooManyRequests, await fixture.CheckAsync(value, Resource));

        var id = await FindTokenIdAsync(user);
        await TokenRow(page, id).GetByRole(AriaRole.Button, new() { Name = $"Details of {name}" }).ClickAsync();
        var details = page.Locator("#token-details-dialog");
        await Expect(details).ToBeVisibleAsync();
        await Expect(details.Locator("#token-details-facts")).ToContainTextAsync("Uses left98");
        await Expect(details.GetByLabel("Rate limit")).ToHaveValueAsync("2");
        await Expect(details.GetByLabel("uses, refilled")).ToHaveValueAsync("daily");
        var recent = details.Locator("#token-details-recent tbody tr");
        await Expect(recent).ToHaveCountAsync(1);
        await Expect(recent.Locator("td[data-label='Address']")).ToHaveTextAsync("127.0.0.1");
        await Expect(recent.Locator("td[data-label='Uses']")).ToHaveTextAsync("2");
        await Screenshots.SaveAsync(page, "token-details-dialog");

        // A range with bits beyond its prefix is refused with the range it names.
        await details.GetByLabel("Allowed addresses").FillAsync("10.0.0.1/8");
        await details.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(details.Locator("#token-details-addresses-error")).ToContainTextAsync("10.0.0.0/8");
        await Expect(details.GetByLabel("Allowed addresses")).ToHaveAttributeAsync("aria-invalid", "true");
        await details.GetByLabel("Allowed addresses").FillAsync("10.0.0.0/8\n127.0.0.1");

        // A limit the service refuses is shown next to its field, and nothing changes.
        await details.GetByLabel("Rate limit").FillAsync("0");
        await details.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(details.Locator("#token-details-rate-error")).ToContainTextAsync("rateLimit.requests");
        await Expect(details.GetByLabel("Rate limit")).ToHaveAttributeAsync("aria-invalid", "true");

        await details.GetByLabel("Rate limit").FillAsync("5");
        await details.GetByLabel("requests per").SelectOptionAsync("01:00:00");
        await details.GetByLabel("Quota").FillAsync("");
        await details.GetByLabel("Name").FillAsync(name + " renamed");
        await details.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(details.Locator("#token-details-status")).ToHaveTextAsync("Saved.");
        await Expect(details.Locator("#token-details-facts")).ToContainTextAsync("Uses leftno quota");
        await Expect(TokenRow(page, id)).ToContainTextAsync(name + " renamed");

        var stored = await Problem.JsonAsync(await fixture.Host.Admin.GetAsync($"/api/v1/access-tokens/{id}"));
        Assert.Equal(5, stored.GetProperty("rateLimit").GetProperty("requests").GetInt32());
        Assert.Equal("01:00:00", stored.GetProperty("rateLimit").GetProperty("per").GetString());
        Assert.Equal(JsonValueKind.Null, stored.GetProperty("quota").ValueKind);
        Assert.Equal(["10.0.0.0/8", "127.0.0.1/32"], stored.GetProperty("allowedAddresses").EnumerateArray().Select(range => range.GetString()));
        Assert.Equal(HttpStatusCode.OK, await fixture.CheckAsync(value, Resource));
        await details.GetByLabel("Allowed addresses").FillAsync("10.0.0.0/8");
        await details.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(details.Locator("#token-details-status")).ToHaveTextAsync("Saved.");
        Assert.Equal(HttpStatusCode.Forbidden, await fixture.CheckAsync(value, Resource));
        await details.GetByLabel("Allowed addresses").FillAsync(string.Empty);
        await details.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(details.Locator("#token-details-status")).ToHaveTextAsync("Saved.");

        // Rotate with an hour's overlap: the new value is shown once, and both work until the hour is over.
        await details.GetByLabel("Rotate, the old value working on for").SelectOptionAsync("01:00:00");
        await details.GetByRole(AriaRole.Button, new() { Name = "Rotate" }).ClickAsync();
        var shownAgain = page.Locator("#token-value-dialog");
        await Expect(shownAgain).ToBeVisibleAsync();
        var rotated = await shownAgain.GetByLabel("Access token value").InputValueAsync();
        Assert.NotEqual(value, rotated);
        Assert.Equal(HttpStatusCode.OK, await fixture.CheckAsync(rotated, Resource));
        Assert.Equal(HttpStatusCode.OK, await fixture.CheckAsync(value, Resource));
        await shownAgain.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();

        await TokenRow(page, id).GetByRole(AriaRole.Button, new() { Name = $"Details of {name} renamed" }).ClickAsync();
        await Expect(details.Locator("#token-details-facts")).ToContainTextAsync("Rotated into");
        await Expect(details.GetByRole(AriaRole.Button, new() { Name = "Rotate" })).ToBeHiddenAsync();
        await details.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
        await Expect(details).ToBeHiddenAsync();
    }

    [BrowserFact]
    public async Task The_token_list_pages_forward_and_back()
    {
        var user = await fixture.CreateUserAsync();
        for (var i = 0; i < 23; i++)
        {
            await CreateTokenThroughApiAsync(user, $"Paged {i:00} {user}");
        }

        var page = await fixture.NewPageAsync();
        await using var context = page.Context;
        await SignInAsync(page, "admin", ServiceHost.AdminPassword);
        await page.Locator("#token-filters").GetByLabel("User", new() { Exact = true }).SelectOptionAsync(user);
        var rows = page.Locator("#tokens-table tbody tr");
        await Expect(rows).ToHaveCountAsync(20);
        await Expect(page.Locator("#tokens-page")).ToHaveTextAsync("Page 1");
        await Expect(page.Locator("#tokens-prev")).ToBeDisabledAsync();
        var first = await rows.First.GetAttributeAsync("data-token-id");

        await page.Locator("#tokens-next").ClickAsync();
        await Expect(rows).ToHaveCountAsync(3);
        await Expect(page.Locator("#tokens-page")).ToHaveTextAsync("Page 2");
        await Expect(page.Locator("#tokens-next")).ToBeDisabledAsync();
        await Expect(page.Locator("#tokens-prev")).ToBeEnabledAsync();

        await page.Locator("#tokens-prev").ClickAsync();
        await Expect(rows).ToHaveCountAsync(20);
        await Expect(page.Locator("#tokens-page")).ToHaveTextAsync("Page 1");
        await Expect(rows.First).ToHaveAttributeAsync("data-token-id", first!);
    }

    [BrowserFact]
    public async Task The_screen_reads_on_a_phone()
    {
        var user = await fixture.CreateUserAsync();
        await CreateTokenThroughApiAsync(user, "Phone " + user);
        var page = await fixture.NewPageAsync(390, 844);
        await using var context = page.Context;
        await SignInAsync(page, "admin", ServiceHost.AdminPassword);
        await Expect(page.Locator("#tokens-table tbody tr").First).ToBeVisibleAsync();

        // Nothing may be wider than the screen: no sideways scrolling.
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"));
        await Screenshots.SaveAsync(page, "token-list-phone");

        await page.GetByRole(AriaRole.Button, new() { Name = "+ New" }).ClickAsync();
        await Expect(page.Locator("#new-token-dialog")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "new-token-dialog-phone");
    }

    private static async Task SignInAsync(IPage page, string login, string password)
    {
        if (page.Url == "about:blank")
        {
            await page.GotoAsync("/");
        }

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        var form = page.Locator("#sign-in-form");
        await form.GetByLabel("Login").FillAsync(login);
        await form.GetByLabel("Password").FillAsync(password);
        await form.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    // Free text where the service has no resource catalogue, the catalogue's check box otherwise.
    private static async Task ChooseResourceAsync(IPage page, string resource)
    {
        var dialog = page.Locator("#new-token-dialog");
        var freeText = dialog.Locator("#new-token-resources");
        if (await freeText.CountAsync() > 0)
        {
            await freeText.FillAsync(resource);
        }
        else
        {
            await dialog.GetByLabel(resource).First.CheckAsync();
        }
    }

    private static ILocator TokenRow(IPage page, string id) => page.Locator($"#tokens-table tr[data-token-id='{id}']");

    private async Task<JsonElement> CreateTokenThroughApiAsync(string user, string name)
    {
        await fixture.EnsureResourceAsync(Resource);
        var response = await fixture.Host.Admin.PostAsJsonAsync("/api/v1/access-tokens", new { name, user, resources = new[] { Resource } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<string> FindTokenIdAsync(string user)
    {
        var tokens = await fixture.Host.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/access-tokens?user={user}");
        return Assert.Single(tokens.GetProperty("items").EnumerateArray()).GetProperty("id").GetString()!;
    }
}
