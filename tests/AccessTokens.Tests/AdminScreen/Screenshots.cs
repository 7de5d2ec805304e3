using AccessTokens.Tests.Infrastructure;
using Microsoft.Playwright;

namespace AccessTokens.Tests.AdminScreen;

/// <summary>Screenshots of the admin screen, saved under <c>artifacts/screenshots/</c> at the repository root for people to look at.</summary>
public static class Screenshots
{
    /// <summary>The folder, created when missing.</summary>
    public static string Directory
    {
        get
        {
            var path = Path.Combine(Repository.Root, "artifacts", "screenshots");
            System.IO.Directory.CreateDirectory(path);
            return path;
        }
    }

    /// <summary>Saves what <paramref name="page"/> shows as <c>{name}.png</c>, with <paramref name="mask"/> painted over (a token value is never saved).</summary>
    public static Task SaveAsync(IPage page, string name, ILocator? mask = null) =>
        page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(Directory, name + ".png"),
            Mask = mask is null ? null : [mask],
        });
}
