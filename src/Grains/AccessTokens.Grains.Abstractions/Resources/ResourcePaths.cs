using System.Text;

namespace AccessTokens.Resources;

/// <summary>
/// Normalizes URL paths the way forward authentication compares them: query and fragment dropped, each segment
/// percent-decoded once, empty and <c>.</c> segments dropped, <c>..</c> removing the segment before it. A path
/// that climbs above the root, or whose decoded segments hide a separator or a control character, is refused:
/// the upstream might read it differently.
/// </summary>
public static class ResourcePaths
{
    /// <summary>Longest path accepted.</summary>
    public const int MaxLength = 4096;

    /// <summary>Splits <paramref name="path"/> into normalized segments; false when it cannot be read safely.</summary>
    public static bool TryNormalize(string? path, out List<string> segments)
    {
        segments = [];
        if (string.IsNullOrEmpty(path) || path.Length > MaxLength || path[0] != '/')
        {
            return false;
        }

        var end = path.IndexOfAny(['?', '#']);
        var raw = end < 0 ? path : path[..end];
        foreach (var part in raw.Split('/'))
        {
            if (!TryDecode(part, out var segment))
            {
                return false;
            }

            switch (segment)
            {
                case "" or ".":
                    continue;
                case "..":
                    if (segments.Count == 0)
                    {
                        return false;
                    }

                    segments.RemoveAt(segments.Count - 1);
                    continue;
                default:
                    segments.Add(segment);
                    continue;
            }
        }

        return true;
    }

    /// <summary>The canonical text of normalized segments: <c>/a/b</c>, or <c>/</c> for none.</summary>
    public static string Join(IEnumerable<string> segments) => "/" + string.Join('/', segments);

    private static bool TryDecode(string part, out string segment)
    {
        segment = part;
        if (part.Contains('%', StringComparison.Ordinal))
        {
            var bytes = new List<byte>(part.Length);
            for (var i = 0; i < part.Length; i++)
            {
                if (part[i] != '%')
                {
                    bytes.AddRange(Encoding.UTF8.GetBytes(part[i].ToString()));
                    continue;
                }

                if (i + 2 >= part.Length || !IsHex(part[i + 1]) || !IsHex(part[i + 2]))
                {
                    return false;
                }

                bytes.Add(Convert.ToByte(part.Substring(i + 1, 2), 16));
                i += 2;
            }

            try
            {
                segment = new UTF8Encoding(false, true).GetString([.. bytes]);
            }
            catch (DecoderFallbackException)
            {
                return false;
            }
        }

        foreach (var c in segment)
        {
            if (c is '/' or '\\' || char.IsControl(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);
}
