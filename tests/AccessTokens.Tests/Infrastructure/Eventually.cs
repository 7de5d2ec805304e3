using System.Diagnostics;

namespace AccessTokens.Tests.Infrastructure;

/// <summary>Awaits a condition instead of sleeping a fixed time.</summary>
public static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> until it holds; fails after <paramref name="timeout"/>.</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, TimeSpan timeout, string because)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > timeout)
            {
                Assert.Fail($"Not true after {timeout}: {because}");
            }

            await Task.Delay(25);
        }
    }
}
