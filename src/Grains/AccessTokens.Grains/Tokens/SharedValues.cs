using System.Collections.Concurrent;

namespace AccessTokens.Tokens;

/// <summary>
/// One copy, for all the token records of the process, of the values that repeat across them: a silo holds a
/// great many active tokens, and most of them were issued for the same few resource sets and have been written
/// the same few times. Values are shared only once the records holding them no longer change them in place.
/// </summary>
public static class SharedValues
{
    // Enough for the sets in use: past it, a set is kept as given rather than the table growing without bound.
    private const int MaxResourceSets = 4096;

    private const int MaxSharedVersion = 4096;

    private static readonly ConcurrentDictionary<string[], string[]> ResourceSets = new(ResourceSetComparer.Instance);

    private static readonly string?[] Versions = new string?[MaxSharedVersion];

    private static readonly ConcurrentDictionary<TokenUserStatus, TokenUserStatus> Statuses = new();

    /// <summary>
    /// The shared copy of <paramref name="resources"/> (the same names in the same order), its names interned; the
    /// array must not be changed afterwards.
    /// </summary>
    public static string[] ResourceSet(string[] resources)
    {
        if (ResourceSets.TryGetValue(resources, out var shared))
        {
            return shared;
        }

        var interned = Array.ConvertAll(resources, string.Intern);
        return ResourceSets.Count < MaxResourceSets ? ResourceSets.GetOrAdd(interned, interned) : interned;
    }

    /// <summary>
    /// The shared copy of <paramref name="status"/>: the tokens of one user with the same resources, and most tokens of one
    /// profile, are let do the same.
    /// </summary>
    public static TokenUserStatus Status(TokenUserStatus status) =>
        Statuses.TryGetValue(status, out var shared) ? shared : Statuses.Count < MaxResourceSets ? Statuses.GetOrAdd(status, status) : status;

    /// <summary>The shared copy of a stored version (an ETag such as "12"), or the version itself when not a small number.</summary>
    public static string? Version(string? version)
    {
        if (version is not { Length: > 0 and <= 4 } || !int.TryParse(version, System.Globalization.NumberStyles.None, null, out var number)
            || number >= MaxSharedVersion || version[0] == '0' && version.Length > 1)
        {
            return version;
        }

        return Versions[number] ??= version;
    }

    private sealed class ResourceSetComparer : IEqualityComparer<string[]>
    {
        public static readonly ResourceSetComparer Instance = new();

        public bool Equals(string[]? x, string[]? y) => x.AsSpan().SequenceEqual(y, StringComparer.Ordinal);

        public int GetHashCode(string[] set)
        {
            var hash = new HashCode();
            foreach (var name in set)
            {
                hash.Add(name, StringComparer.Ordinal);
            }

            return hash.ToHashCode();
        }
    }
}
