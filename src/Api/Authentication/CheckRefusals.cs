using System.Diagnostics.Metrics;

namespace AccessTokens.Api.Authentication;

/// <summary>Why credentials were refused, as <see cref="CheckRefusals"/> counts them.</summary>
public enum RefusalReason
{
    /// <summary>An <c>Authorization</c> header that cannot be read (400).</summary>
    Malformed,

    /// <summary>A bearer value of the wrong shape or checksum, or with an id this service never issued: no grain was asked.</summary>
    UnknownToken,

    /// <summary>A token its grain refused: wrong secret, expired, revoked, user disabled.</summary>
    RefusedToken,

    /// <summary>Valid credentials without the right (403).</summary>
    Forbidden,

    /// <summary>A wrong password, an unknown login or a disabled user.</summary>
    WrongPassword,

    /// <summary>A password attempt refused unverified: too many failures for the login or from the address.</summary>
    Throttled,

    /// <summary>A password attempt refused unverified: every hashing thread was busy.</summary>
    Busy,

    /// <summary>A valid token past its rate limit or quota (429).</summary>
    Limited,
}

/// <summary>
/// Counts refused credentials instead of logging each: the metric <c>accesstokens.credentials.refused</c> (meter
/// <c>AccessTokens</c>, tag <c>reason</c>) counts every one, and one log line per <see cref="Window"/> sums up the
/// window's refusals when there were any. A flood of made-up tokens writes one line a minute, not one per request.
/// </summary>
public sealed class CheckRefusals : IHostedService, IDisposable
{
    /// <summary>How often the refusals are summed up in the log.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private static readonly string[] Tags = ["malformed", "unknown_token", "refused_token", "forbidden", "wrong_password", "throttled", "busy", "limited"];

    private readonly long[] counts = new long[Tags.Length];
    private readonly Counter<long> refused;
    private readonly TimeProvider clock;
    private readonly ILogger<CheckRefusals> logger;
    private ITimer? timer;

    public CheckRefusals(IMeterFactory meters, [FromKeyedServices(ServiceClock.Key)] TimeProvider clock, ILogger<CheckRefusals> logger)
    {
        this.clock = clock;
        this.logger = logger;
        refused = meters.Create("AccessTokens").CreateCounter<long>("accesstokens.credentials.refused", "{refusal}", "Credentials refused, by reason");
    }

    /// <summary>Counts one refusal.</summary>
    public void Count(RefusalReason reason)
    {
        Interlocked.Increment(ref counts[(int)reason]);
        refused.Add(1, new KeyValuePair<string, object?>("reason", Tags[(int)reason]));
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        timer = clock.CreateTimer(_ => Summarize(), null, Window, Window);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken)
    {
        timer?.Dispose();
        Summarize();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public void Dispose() => timer?.Dispose();

    private void Summarize()
    {
        var window = new long[counts.Length];
        for (var i = 0; i < counts.Length; i++)
        {
            window[i] = Interlocked.Exchange(ref counts[i], 0);
        }

        var total = window.Sum();
        if (total > 0)
        {
            var reasons = string.Join(", ", window.Select((count, i) => (count, Tags[i])).Where(pair => pair.count > 0).Select(pair => $"{pair.Item2} {pair.count}"));
            Log.RefusalsSummed(logger, total, Window.TotalMinutes, reasons);
        }
    }
}
