using System.Net;
using System.Net.Http.Json;
using AccessTokens.Tests.Infrastructure;
using Microsoft.Playwright;

namespace AccessTokens.Tests.AdminScreen;

/// <summary>
/// The real service on a SQLite file in the Europe/Paris time zone, and a headless Chromium started on first
/// use, so the tests that speak HTTP alone do not depend on the browser.
/// </summary>
public sealed class AdminScreenFixture : IAsyncLifetime
{
    /// <summary>The time zone the service runs in, so the screen's dates are not simply UTC.</summary>
    public const string TimeZone = "Europe/Paris";

    private readonly TempDirectory directory = new();
    private readonly SemaphoreSlim browserLock = new(1, 1);
    private IPlaywright? playwright;
    private IBrowser? browser;

    /// <summary>The running service.</summary>
    public ServiceHost Host { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Host = await ServiceHost.StartAsync(directory.File("screen.db"), timeZone: TimeZone);
        // Two cores shared with the service and possibly other test runs: allow for a slow first paint.
        Assertions.SetDefaultExpectTimeout(15_000);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.CloseAsync();
        }

        playwright?.Dispose();
        await Host.DisposeAsync();
        browserLock.Dispose();
        directory.Dispose();
    }

    /// <summary>A fresh browser context (no cookies) with clipboard access, and a page in it of the given size.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 800)
    {
        var context = await (await BrowserAsync()).NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Host.Address.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Permissions = ["clipboard-read", "clipboard-write"],
            Locale = "en-GB",
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    /// <summary>Creates a user through the API and returns its login.</summary>
    public async Task<string> CreateUserAsync(string profile = "User", string? password = null)
    {
        var login = Names.Login("screen");
        var response = await Host.Admin.PostAsJsonAsync("/api/v1/users", new { login, name = "Screen " + login, profile, password });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return login;
    }

    /// <summary>Makes sure the resource catalogue holds <paramref name="name"/>, so the screen offers it.</summary>
    public async Task EnsureResourceAsync(string name)
    {
        using var created = await Host.Admin.PostAsJsonAsync("/api/v1/resources", new { name, description = "Test resource", pathPrefixes = new[] { "/" + name } });
        Assert.True(created.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, $"Creating resource {name}: {(int)created.StatusCode}");
    }

    /// <summary>Checks <paramref name="token"/> for <paramref name="resource"/> as a gateway would; returns the status code.</summary>
    public async Task<HttpStatusCode> CheckAsync(string token, string resource)
    {
        using var client = Host.WithBearer(token);
        using var response = await client.GetAsync($"/api/v1/auth/check?resource={resource}");
        return response.StatusCode;
    }

    private async Task<IBrowser> BrowserAsync()
    {
        await browserLock.WaitAsync();
        try
        {
            if (browser is null)
            {
                playwright = await Playwright.CreateAsync();
                browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
                {
                    ExecutablePath = BrowserFactAttribute.ChromiumPath,
                    Headless = true,
                    // Root cannot use Chromium's sandbox; the pages are the service's own.
                    Args = ["--no-sandbox", "--disable-dev-shm-usage"],
                });
            }

            return browser;
        }
        finally
        {
            browserLock.Release();
        }
    }
}
