using System.ComponentModel.DataAnnotations;

namespace AccessTokens;

/// <summary>Behaviour of the token service, bound from the <c>AccessTokens</c> configuration section.</summary>
public sealed class AccessTokensOptions : IValidatableObject
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "AccessTokens";

    /// <summary>
    /// IANA time zone in which expiry dates end (a token with expiry date D fails from 00:00 of D+1 there)
    /// and in which "today" is reckoned. Default <c>UTC</c>.
    /// </summary>
    [Required]
    public string TimeZone { get; set; } = "UTC";

    /// <summary>
    /// How often, at most, a token's date of last use is written to storage; reads are exact in between.
    /// Default 30 seconds.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "1.00:00:00")]
    public TimeSpan LastUseFlushInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long, at most, a graceful stop spends on the dates of last use its silo has not written: handing their tokens
    /// over to another silo, or writing them when no other silo is left. Past it, what is left is not written, at most one
    /// <see cref="LastUseFlushInterval"/> of uses, as in a crash. Default 8 seconds.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan StopBudget { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>
    /// How long a key signs new token ids before the next one takes over (the old one still verifies the ids it signed).
    /// Default 90 days; zero never changes keys. There are 62 keys in all: past the last, it keeps signing.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00")]
    public TimeSpan TokenIdKeyLifetime { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Prefix of every token value: 1–16 of <c>a-z 0-9</c>. Default <c>smat</c>.</summary>
    [Required, RegularExpression("^[a-z0-9]{1,16}$")]
    public string TokenPrefix { get; set; } = "smat";

    /// <summary>
    /// Number of catalog shards the token index is split into. Fixed for the life of a store:
    /// changing it hides tokens indexed under the old count. Default 32.
    /// </summary>
    [Range(1, 4096)]
    public int CatalogShards { get; set; } = 32;

    /// <summary>Resolves <see cref="TimeZone"/>; throws when the id is unknown to the machine.</summary>
    public TimeZoneInfo ResolveTimeZone() => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!ResolvesTimeZone())
        {
            yield return new ValidationResult($"{SectionName}:TimeZone must be an IANA time zone id known to this machine, not '{TimeZone}'.", [nameof(TimeZone)]);
        }
    }

    private bool ResolvesTimeZone()
    {
        try
        {
            ResolveTimeZone();
            return true;
        }
        catch (Exception exception) when (exception is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return false;
        }
    }
}
