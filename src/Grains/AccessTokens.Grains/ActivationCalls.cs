using Microsoft.Extensions.Logging;

namespace AccessTokens;

/// <summary>
/// Grain calls a grain makes while it activates. When such a call is rejected (a silo that has begun a graceful
/// stop rejects every call its grains send; a silo that has just died rejects them too), the activation cannot
/// complete. Left to fail, Orleans would log it as an error, answer the requests waiting for it with the
/// rejection, and go on rejecting that grain's requests for five seconds. Abandoned as cancelled instead, its
/// waiting requests go on to a new activation (on another silo when this one is stopping).
/// </summary>
public static class ActivationCalls
{
    /// <summary>
    /// Awaits <paramref name="call"/>, made by <paramref name="grain"/> from <c>OnActivateAsync</c> with
    /// <paramref name="cancellationToken"/>; if the call is rejected, abandons the activation.
    /// </summary>
    public static async Task<T> WhileActivatingAsync<T>(this Grain grain, Task<T> call, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            return await call;
        }
        catch (OrleansMessageRejectionException exception)
        {
            Log.ActivationAbandoned(logger, grain.GetGrainId(), exception.Message);

            // Cancels this activation's token: Orleans then treats the activation as cancelled, not failed.
            grain.GrainContext.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "A call made while activating was rejected."), CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
            throw;
        }
    }
}
