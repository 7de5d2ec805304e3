using AccessTokens.Api.Authentication;
using AccessTokens.Audit;

namespace AccessTokens.Api.Audit;

/// <summary>
/// Records administrative actions in the cluster's audit trail, with the caller's address and, when the caller
/// authenticated with a bearer token, that token's id and the login that issued it.
/// </summary>
public sealed class AuditTrail(IGrainFactory grains, RefusalTally tally, ILogger<AuditTrail> logger)
{
    /// <summary>Records an action, durably, before returning.</summary>
    public Task RecordAsync(HttpContext context, string actor, string action, string target, string outcome) =>
        RecordAsync(context, actor, action, target, outcome, context.User.FindFirst(AccessTokenClaims.TokenId)?.Value,
            context.User.FindFirst(AccessTokenClaims.TokenCreatedBy)?.Value);

    /// <summary>Records an action done with the bearer token <paramref name="tokenId"/> issued by <paramref name="tokenCreatedBy"/>.</summary>
    public Task RecordAsync(HttpContext context, string actor, string action, string target, string outcome, string? tokenId, string? tokenCreatedBy) =>
        grains.GetGrain<IAuditLogGrain>(0).AppendAsync(new AuditRecord(actor, action, target, ClientAddress.Of(context), outcome, tokenId, tokenCreatedBy));

    /// <summary>
    /// Records a refusal at an admin endpoint: of a <paramref name="known"/> user or token one by one, durably; any
    /// other (a made-up login or token, a throttled attempt) is summed up with the others of its address and minute by
    /// <see cref="RefusalTally"/>. A store outage must not turn a 401 into a server error, so a failure to record is
    /// logged instead of thrown.
    /// </summary>
    public async Task RecordRefusalAsync(HttpContext context, string actor, string action, string target, string outcome, bool known)
    {
        if (!known)
        {
            tally.Add(action, target, ClientAddress.Of(context), outcome);
            return;
        }

        try
        {
            await RecordAsync(context, actor, action, target, outcome);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.AuditRecordFailed(logger, exception, action, target);
        }
    }
}
