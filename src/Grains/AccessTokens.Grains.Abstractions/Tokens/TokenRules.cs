using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using AccessTokens.Common;

namespace AccessTokens.Tokens;

/// <summary>Field rules for a new token.</summary>
public static partial class TokenRules
{
    /// <summary>Longest token name.</summary>
    public const int MaxNameLength = 100;

    /// <summary>Most resources one token may open.</summary>
    public const int MaxResources = 32;

    /// <summary>Longest period for <c>expiresInDays</c>.</summary>
    public const int MaxExpiresInDays = 3650;

    /// <summary>The message for a resource name that breaks the rule.</summary>
    public const string ResourceMessage = "A resource name is 1 to 64 characters of a-z, 0-9, '.', '_', '/' and '-'.";

    /// <summary>True when <paramref name="resource"/> is a well-formed resource name.</summary>
    public static bool IsValidResource([NotNullWhen(true)] string? resource) => resource is not null && ResourcePattern().IsMatch(resource);

    /// <summary>
    /// Validates <paramref name="request"/> against today's date in the service time zone; on success gives
    /// the resources, the expiry date (null for unlimited) and the allowed address ranges (null for any address).
    /// </summary>
    public static Failure? Validate(
        NewAccessToken request, DateOnly today, out IReadOnlyList<string> resources, out DateOnly? expiryDate, out string[]? allowedAddresses)
    {
        var errors = new FieldErrors();
        allowedAddresses = AddressRules.Check(request.AllowedAddresses, errors);
        NameRule.Check(request.Name, MaxNameLength, errors);
        resources = CheckResources(request.Resources, errors);
        expiryDate = CheckExpiry(request, today, errors);
        LimitRules.Check(request.RateLimit, errors);
        LimitRules.Check(request.Quota, errors);
        return errors.ToFailure();
    }

    private static List<string> CheckResources(IReadOnlyList<string?>? requested, FieldErrors errors)
    {
        var resources = new List<string>();
        if (requested is null || requested.Count == 0)
        {
            errors.Add("resources", "At least one resource is required.");
            return resources;
        }

        if (requested.Count > MaxResources)
        {
            errors.Add("resources", $"A token opens at most {MaxResources} resources.");
            return resources;
        }

        foreach (var resource in requested)
        {
            if (!IsValidResource(resource))
            {
                errors.Add("resources", $"'{resource}' is not a valid resource name. {ResourceMessage}");
            }
            else if (resources.Contains(resource!, StringComparer.Ordinal))
            {
                errors.Add("resources", $"'{resource}' is listed more than once.");
            }
            else
            {
                resources.Add(resource!);
            }
        }

        return resources;
    }

    private static DateOnly? CheckExpiry(NewAccessToken request, DateOnly today, FieldErrors errors)
    {
        if (request.ExpiryDate is not null && request.ExpiresInDays is not null)
        {
            errors.Add("expiryDate", "Give expiryDate or expiresInDays, not both.");
            return null;
        }

        if (request.ExpiryDate is { } date)
        {
            if (date < today)
            {
                errors.Add("expiryDate", $"The expiry date must be today ({today:yyyy-MM-dd} in the service time zone) or later.");
            }
            else if (date > today.AddDays(MaxExpiresInDays))
            {
                // The same bound as expiresInDays, well inside what the calendar computes (a date near 9999-12-31 has no next midnight).
                errors.Add("expiryDate", $"The expiry date must be at most {MaxExpiresInDays} days from today, {today.AddDays(MaxExpiresInDays):yyyy-MM-dd} in the service time zone.");
            }

            return date;
        }

        if (request.ExpiresInDays is { } days)
        {
            if (days is < 1 or > MaxExpiresInDays)
            {
                errors.Add("expiresInDays", $"expiresInDays must be between 1 and {MaxExpiresInDays}.");
                return null;
            }

            return today.AddDays(days);
        }

        return null;
    }

    [GeneratedRegex("^[a-z0-9._/-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex ResourcePattern();
}
