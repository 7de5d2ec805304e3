namespace AccessTokens;

/// <summary>
/// Calls many grains in bounded batches, on the calling grain's scheduler. A push to every token of every user
/// of a profile activates grains that read their state: unbounded, it would open more store connections at
/// once than the store accepts.
/// </summary>
public static class Fanout
{
    /// <summary>Calls <paramref name="call"/> for every item, at most <paramref name="batch"/> at a time.</summary>
    public static async Task ForEachAsync<T>(IReadOnlyList<T> items, int batch, Func<T, Task> call)
    {
        for (var start = 0; start < items.Count; start += batch)
        {
            var end = Math.Min(start + batch, items.Count);
            var calls = new Task[end - start];
            for (var i = start; i < end; i++)
            {
                calls[i - start] = call(items[i]);
            }

            await Task.WhenAll(calls);
        }
    }
}
