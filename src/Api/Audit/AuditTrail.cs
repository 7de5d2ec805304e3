using AccessTokens.Api.Authentication;
using AccessTokens.Audit;

namespace AccessTokens.Api.Audit;

/// <summary>Records administrative actions in the cluster's audit trail, with the caller's address.</summary>
public sealed class AuditTrail(IGrainFactory grains, ILogger<AuditTrail> logger)
{
    /// <summary>Records an action, durably, before returning.</summary>
    public Task RecordAsync(HttpContext context, string actor, string action, string target, string outcome) =>
        grains.GetGrain<IAuditLogGrain>(0).AppendAsync(actor, action, target, ClientAddress.Of(context), outcome);

    /// <summary>
    /// Records a refused sign-in. A store outage must not turn a 401 into a server error, so a failure to record
    /// is logged instead of thrown.
    /// </summary>
    public async Task RecordRefusalAsync(HttpContext context, string actor, string action, string target, string outcome)
    {
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
