namespace AccessTokens.Tests.Infrastructure;

/// <summary>
/// The tiers of the tests, as the trait <see cref="Name"/>. <c>scripts/test.sh</c> runs every test; <c>scripts/test.sh
/// --fast</c> runs only the <see cref="Fast"/> tier, for the edit-test loop: the units, and the service and its grains
/// in the test process on SQLite. Untagged tests start PostgreSQL servers, silo processes, proxies, a browser or Node.js.
/// </summary>
public static class Tier
{
    /// <summary>The trait's name.</summary>
    public const string Name = "Tier";

    /// <summary>Units and in-process tests on SQLite: no server, process or browser of their own.</summary>
    public const string Fast = "Fast";
}
