using AccessTokens.Time;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AccessTokens.Tokens;

/// <summary>
/// What every token activation of a silo uses from the container, in one object: an activation holds one
/// reference to it instead of one to each service, and a silo holds a great many token activations.
/// </summary>
public sealed class TokenGrainServices(
    TokenStore store,
    ServiceCalendar calendar,
    LastUseFlusher flusher,
    LocalTokenChecks local,
    Announcements.ChangeAnnouncer announcer,
    IOptions<AccessTokensOptions> options,
    ILogger<AccessTokenGrain> logger,
    IGrainFactory grains)
{
    /// <summary>The grain factory, for calls made from checks outside the grain's turns (where the grain's own is refused).</summary>
    public IGrainFactory Grains { get; } = grains;

    /// <summary>The store the token records are kept in.</summary>
    public TokenStore Store { get; } = store;

    /// <summary>The service's clock and expiry calendar.</summary>
    public ServiceCalendar Calendar { get; } = calendar;

    /// <summary>The silo's writer of dates of last use.</summary>
    public LastUseFlusher Flusher { get; } = flusher;

    /// <summary>The silo's registry of active token grains, for checks made without a grain call.</summary>
    public LocalTokenChecks Local { get; } = local;

    /// <summary>Announces changes to every silo before they are answered.</summary>
    public Announcements.ChangeAnnouncer Announcer { get; } = announcer;

    /// <summary>The service's options.</summary>
    public AccessTokensOptions Options { get; } = options.Value;

    /// <summary>The token grains' logger.</summary>
    public ILogger<AccessTokenGrain> Logger { get; } = logger;
}
