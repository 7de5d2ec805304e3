using System.Text.Json.Serialization;
using AccessTokens.Tokens;

namespace AccessTokens.Api.Tokens;

/// <summary>
/// Body of <c>PATCH /api/v1/access-tokens/{id}</c>: the name, or a policy (<c>null</c> removes it): rate limit, quota,
/// allowed addresses. Absent fields stay as
/// they are; any other field is refused (a token's resources, user and expiry never change).
/// </summary>
public sealed class UpdateAccessTokenBody
{
    private readonly RateLimit? rateLimit;
    private readonly Quota? quota;
    private readonly IReadOnlyList<string?>? allowedAddresses;

    /// <summary>The new name.</summary>
    public string? Name { get; init; }

    /// <summary>The new rate limit; <c>null</c> removes it.</summary>
    public RateLimit? RateLimit
    {
        get => rateLimit;
        init
        {
            rateLimit = value;
            RateLimitGiven = true;
        }
    }

    /// <summary>The new quota; <c>null</c> removes it.</summary>
    public Quota? Quota
    {
        get => quota;
        init
        {
            quota = value;
            QuotaGiven = true;
        }
    }

    /// <summary>The new allowed address ranges; <c>null</c> or empty allows any address.</summary>
    public IReadOnlyList<string?>? AllowedAddresses
    {
        get => allowedAddresses;
        init
        {
            allowedAddresses = value;
            AllowedAddressesGiven = true;
        }
    }

    /// <summary>True when the body named <c>allowedAddresses</c>.</summary>
    [JsonIgnore]
    public bool AllowedAddressesGiven { get; private init; }

    /// <summary>True when the body named <c>rateLimit</c> (the serializer sets only the fields present).</summary>
    [JsonIgnore]
    public bool RateLimitGiven { get; private init; }

    /// <summary>True when the body named <c>quota</c>.</summary>
    [JsonIgnore]
    public bool QuotaGiven { get; private init; }

    /// <summary>The change the body asks for.</summary>
    public TokenChanges ToChanges() => new(Name, RateLimitGiven, RateLimit, QuotaGiven, Quota, AllowedAddressesGiven, AllowedAddresses);
}
