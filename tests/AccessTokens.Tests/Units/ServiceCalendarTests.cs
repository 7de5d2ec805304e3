using AccessTokens.Time;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using AccessTokens.Tests.Infrastructure;

namespace AccessTokens.Tests.Units;

[Trait(Tier.Name, Tier.Fast)]
public sealed class ServiceCalendarTests
{
    [Fact]
    public void A_skipped_midnight_ends_the_day_at_the_first_local_time_that_exists()
    {
        // Chile moves its clocks from 24:00 to 01:00 on the first Sunday of September (2027-09-05).
        var calendar = Calendar("America/Santiago", new DateTimeOffset(2027, 9, 1, 12, 0, 0, TimeSpan.Zero));
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/Santiago");
        Assert.True(zone.IsInvalidTime(new DateTime(2027, 9, 5, 0, 0, 0)), "tz data no longer skips this midnight");

        var end = calendar.ExpiresAt(new DateOnly(2027, 9, 4));

        Assert.Equal(new DateTimeOffset(2027, 9, 5, 1, 0, 0, TimeSpan.FromHours(-3)), end);
    }

    [Fact]
    public void Today_is_reckoned_in_the_service_time_zone()
    {
        var instant = new DateTimeOffset(2027, 1, 1, 23, 30, 0, TimeSpan.Zero);
        Assert.Equal(new DateOnly(2027, 1, 2), Calendar("Europe/Paris", instant).Today);
        Assert.Equal(new DateOnly(2027, 1, 1), Calendar("UTC", instant).Today);
        Assert.Equal(new DateOnly(2027, 1, 1), Calendar("America/New_York", instant).Today);
    }

    [Fact]
    public void No_expiry_date_is_unlimited()
    {
        Assert.Null(Calendar("UTC", DateTimeOffset.UtcNow).ExpiresAt(null));
    }

    private static ServiceCalendar Calendar(string zone, DateTimeOffset now) =>
        new(new FakeTimeProvider(now), Options.Create(new AccessTokensOptions { TimeZone = zone }));
}
