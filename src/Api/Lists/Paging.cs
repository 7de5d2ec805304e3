using System.Globalization;

namespace AccessTokens.Api.Lists;

/// <summary>The <c>limit</c> query parameter.</summary>
public static class Paging
{
    /// <summary>Page size when none is given.</summary>
    public const int DefaultLimit = 50;

    /// <summary>Largest page size.</summary>
    public const int MaxLimit = 200;

    /// <summary>Parses <c>limit</c>; false when it is not a whole number from 1 to 200.</summary>
    public static bool TryParseLimit(string? text, out int limit)
    {
        limit = DefaultLimit;
        return text is null
            || (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) && limit is >= 1 and <= MaxLimit);
    }

    /// <summary>The message for a bad limit.</summary>
    public const string LimitMessage = "limit must be a whole number from 1 to 200.";
}
