namespace AccessTokens.Tests.AdminScreen;

/// <summary>
/// A test that drives the admin screen in Debian's headless Chromium. Outside CI it is reported as skipped
/// where <c>/usr/bin/chromium</c> is missing; under <c>CI=true</c> it never skips: it starts the browser or fails.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    /// <summary>The browser the tests drive; <c>scripts/test.sh</c> installs it where it is missing.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>Skips the test when the browser is missing, except in CI.</summary>
    public BrowserFactAttribute()
    {
        var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (!ci && !File.Exists(ChromiumPath))
        {
            Skip = $"Chromium is not installed at {ChromiumPath}: 'apt-get install chromium', or run scripts/test.sh, which installs it.";
        }
    }
}
