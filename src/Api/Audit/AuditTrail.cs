using AccessTokens.Api.Authentication;
using AccessTokens.Audit;

namespace AccessTokens.Api.Audit;

/// <summary>
/// Records administrative actions in the cluster's audit trail, with the caller's address and, when the caller
/// authenticated with a bearer token, that token's id and the login that issued it.
/// </summary>
public sealed class AuditTrail(IGrainFactory grains, RefusalTally tally, AuditBacklog backlog)
{
    /// <summary>
    /// Records an action that was done, durably before returning; when the trail cannot take the entry now, it is kept by
    /// <see cref="AuditBacklog"/> and appended once it can. Either way this returns normally: the action was done, and
    /// its answer must say so.
    /// </summary>
    public Task RecordAsync(HttpContext context, string actor, string action, string target, string outcome) =>
        RecordAsync(context, actor, action, target, outcome, context.User.FindFirst(AccessTokenClaims.TokenId)?.Value,
            context.User.FindFirst(AccessTokenClaims.TokenCreatedBy)?.Value);

    /// <summary>Records an action done with the bearer token <paramref name="tokenId"/> issued by <paramref name="tokenCreatedBy"/>.</summary>
    public async Task RecordAsync(HttpContext context, string actor, string action, string target, string outcome, string? tokenId, string? tokenCreatedBy)
    {
        var record = new AuditRecord(actor, action, target, ClientAddress.Of(context), outcome, tokenId, tokenCreatedBy);
        try
        {
            await grains.GetGrain<IAuditLogGrain>(0).AppendAsync(record);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            backlog.Keep(record, exception);
        }
    }

    /// <summary>
    /// Records a refusal at an admin endpoint: of a <paramref name="known"/> user or token one by one, durably; any
    /// other (a made-up login or token, a throttled attempt) is summed up with the others of its address and minute by
    /// <see cref="RefusalTally"/>. A store outage does not turn a 401 into a server error: the entry waits in the backlog.
    /// </summary>
    public async Task RecordRefusalAsync(HttpContext context, string actor, string action, string target, string outcome, bool known)
    {
        if (!known)
        {
            tally.Add(action, target, ClientAddress.Of(context), outcome);
            return;
        }

        await RecordAsync(context, actor, action, target, outcome);
    }
}
