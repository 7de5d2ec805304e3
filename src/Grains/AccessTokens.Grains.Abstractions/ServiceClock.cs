namespace AccessTokens;

/// <summary>
/// The key under which the service's own <see cref="System.TimeProvider"/> is registered. Grains read the
/// time from this keyed provider so tests can move the service's clock without moving the clock the
/// Orleans runtime itself runs on (membership, timers, response time-outs).
/// </summary>
public static class ServiceClock
{
    /// <summary>Keyed-service key of the service clock.</summary>
    public const string Key = "AccessTokens.Clock";
}
