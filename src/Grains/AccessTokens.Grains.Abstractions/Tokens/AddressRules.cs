using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using AccessTokens.Common;

namespace AccessTokens.Tokens;

/// <summary>The rules of a token's <c>allowedAddresses</c> and of the addresses checks are made from.</summary>
public static class AddressRules
{
    /// <summary>Most ranges one token may allow.</summary>
    public const int MaxRanges = 16;

    /// <summary>The message for a range that breaks the rule.</summary>
    public const string RangeMessage = "A range is an IPv4 or IPv6 address, or one in CIDR notation such as 203.0.113.0/24 or 2001:db8::/32.";

    /// <summary>
    /// Checks <paramref name="ranges"/> (null or empty: any address) and gives their canonical forms, or null for any
    /// address. A range with bits set beyond its prefix is refused with its canonical form named, as is a duplicate.
    /// </summary>
    public static string[]? Check(IReadOnlyList<string?>? ranges, FieldErrors errors)
    {
        if (ranges is null || ranges.Count == 0)
        {
            return null;
        }

        if (ranges.Count > MaxRanges)
        {
            errors.Add("allowedAddresses", $"A token allows at most {MaxRanges} address ranges.");
            return null;
        }

        var canonical = new List<string>(ranges.Count);
        foreach (var range in ranges)
        {
            if (!TryParseRange(range, out var network, out var exact))
            {
                errors.Add("allowedAddresses", $"'{range}' is not an address range. {RangeMessage}");
            }
            else if (!exact)
            {
                errors.Add("allowedAddresses", $"'{range}' has bits set beyond its prefix; the range it names is {network}.");
            }
            else if (canonical.Contains(network.ToString(), StringComparer.Ordinal))
            {
                errors.Add("allowedAddresses", $"'{range}' is listed more than once.");
            }
            else
            {
                canonical.Add(network.ToString());
            }
        }

        return [.. canonical];
    }

    /// <summary>
    /// Reads a range: an address alone (the one address) or CIDR notation. <paramref name="exact"/> is false when the
    /// address has bits set beyond the prefix (<paramref name="network"/> is then the range those bits fall in).
    /// </summary>
    public static bool TryParseRange([NotNullWhen(true)] string? text, out IPNetwork network, out bool exact)
    {
        network = default;
        exact = false;
        if (string.IsNullOrEmpty(text) || text.Length > 64)
        {
            return false;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? text : text[..slash];
        if (!TryParseAddress(addressText, out var address))
        {
            return false;
        }

        var bits = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var prefix = bits;
        if (slash >= 0 && (!int.TryParse(text.AsSpan(slash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out prefix) || prefix > bits))
        {
            return false;
        }

        var masked = Mask(address, prefix);
        network = new IPNetwork(masked, prefix);
        exact = masked.Equals(address);
        return true;
    }

    /// <summary>
    /// Reads one address as a client or proxy names it: IPv4 in its four-part dotted form (no shortened or octal
    /// forms), or IPv6 without a zone, brackets or port. An IPv4 address mapped into IPv6 is taken as the IPv4 address.
    /// </summary>
    public static bool TryParseAddress(ReadOnlySpan<char> text, [NotNullWhen(true)] out IPAddress? address)
    {
        address = null;
        if (text.IsEmpty || text.Length > 45 || text.ContainsAny("%[]") || !IPAddress.TryParse(text, out var parsed))
        {
            return false;
        }

        if (parsed.AddressFamily == AddressFamily.InterNetwork)
        {
            // IPAddress reads "10.1" and "010.0.0.1" too: only the four-part form that prints back as given is an address here.
            if (!text.SequenceEqual(parsed.ToString()))
            {
                return false;
            }
        }
        else if (parsed.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return false;
        }

        address = Normalize(parsed);
        return true;
    }

    /// <summary>The address as ranges are matched against it: IPv4 for an IPv4-mapped IPv6 address, without a scope.</summary>
    public static IPAddress Normalize(IPAddress address) =>
        address.AddressFamily != AddressFamily.InterNetworkV6 ? address
        : address.IsIPv4MappedToIPv6 ? address.MapToIPv4()
        : address.ScopeId != 0 ? new IPAddress(address.GetAddressBytes())
        : address;

    private static IPAddress Mask(IPAddress address, int prefix)
    {
        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var keep = Math.Clamp(prefix - i * 8, 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - keep));
        }

        return new IPAddress(bytes);
    }
}
