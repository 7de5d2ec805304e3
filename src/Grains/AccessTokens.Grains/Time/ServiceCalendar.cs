using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AccessTokens.Time;

/// <summary>
/// The service's notion of time: the current instant from the service clock, "today" and the end of an
/// expiry date in the configured time zone.
/// </summary>
public sealed class ServiceCalendar(
    [FromKeyedServices(ServiceClock.Key)] TimeProvider clock,
    IOptions<AccessTokensOptions> options)
{
    private readonly TimeZoneInfo zone = options.Value.ResolveTimeZone();

    /// <summary>The current instant, UTC.</summary>
    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>Today's date in the service time zone.</summary>
    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(Now, zone).DateTime);

    /// <summary>
    /// The first instant at which a token with expiry date <paramref name="expiryDate"/> no longer works:
    /// 00:00 of the next day in the service time zone. Where a DST change skips midnight, the first local
    /// time that exists after it; where midnight happens twice, the first of the two.
    /// </summary>
    public DateTimeOffset? ExpiresAt(DateOnly? expiryDate)
    {
        if (expiryDate is not { } date)
        {
            return null;
        }

        var local = date.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }
}
