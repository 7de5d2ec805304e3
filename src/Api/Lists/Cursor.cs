using System.Buffers.Text;
using System.Globalization;
using System.Text;
using AccessTokens.Catalog;
using AccessTokens.Tokens;

namespace AccessTokens.Api.Lists;

/// <summary>Opaque page cursors: base64url of a position, validated on the way in.</summary>
public static class Cursor
{
    /// <summary>Encodes a token list position.</summary>
    public static string Encode(TokenPosition position) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
            string.Create(CultureInfo.InvariantCulture, $"t:{position.CreatedAt.UtcTicks}:{position.Id}")));

    /// <summary>Encodes a user list position.</summary>
    public static string Encode(string login) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes("u:" + login));

    /// <summary>Decodes a token list cursor.</summary>
    public static bool TryDecodeToken(string cursor, out TokenPosition position)
    {
        position = default;
        var parts = Decode(cursor)?.Split(':');
        if (parts is not ["t", var ticksText, var id]
            || !long.TryParse(ticksText, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks
            || !TokenValue.IsTokenId(id))
        {
            return false;
        }

        position = new TokenPosition(new DateTimeOffset(ticks, TimeSpan.Zero), id);
        return true;
    }

    /// <summary>Encodes an audit trail position (entries older than this sequence come next).</summary>
    public static string Encode(long sequence) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"a:{sequence}")));

    /// <summary>Decodes an audit trail cursor.</summary>
    public static bool TryDecodeAudit(string cursor, out long sequence)
    {
        sequence = 0;
        var text = Decode(cursor);
        return text is not null && text.StartsWith("a:", StringComparison.Ordinal)
            && long.TryParse(text.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out sequence);
    }

    /// <summary>Decodes a user list cursor.</summary>
    public static bool TryDecodeUser(string cursor, out string login)
    {
        var text = Decode(cursor);
        login = text is not null && text.StartsWith("u:", StringComparison.Ordinal) ? text[2..] : string.Empty;
        return AccessTokens.Users.UserRules.IsValidLogin(login);
    }

    private static string? Decode(string cursor)
    {
        if (cursor.Length > 200)
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
