namespace AccessTokens.Resources;

/// <summary>
/// The path prefixes of every resource, for forward authentication: the resource of a path is the one with the
/// longest prefix that matches whole segments (<c>/requests</c> matches <c>/requests/7</c>, not <c>/requests-archive</c>).
/// </summary>
[GenerateSerializer, Immutable, Alias("AccessTokens.ResourceMap")]
public sealed record ResourceMap([property: Id(0)] IReadOnlyList<ResourcePrefix> Prefixes)
{
    /// <summary>A map with no prefix.</summary>
    public static readonly ResourceMap Empty = new([]);

    /// <summary>The resource whose prefix matches the most segments of <paramref name="segments"/>, or null.</summary>
    public string? Resolve(IReadOnlyList<string> segments)
    {
        ResourcePrefix? best = null;
        foreach (var prefix in Prefixes)
        {
            if (prefix.Segments.Count <= segments.Count
                && (best is null || prefix.Segments.Count > best.Segments.Count)
                && StartsWith(segments, prefix.Segments))
            {
                best = prefix;
            }
        }

        return best?.Resource;
    }

    private static bool StartsWith(IReadOnlyList<string> segments, IReadOnlyList<string> prefix)
    {
        for (var i = 0; i < prefix.Count; i++)
        {
            if (!string.Equals(segments[i], prefix[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
