using AccessTokens.Common;
using Orleans.Storage;

namespace AccessTokens;

/// <summary>
/// Writes of a grain's durable state that never leave its activation failing, and whose outcome the caller can trust.
/// </summary>
public static class DurableWrites
{
    /// <summary>
    /// Writes <paramref name="state"/>. A version conflict means the stored record is newer than this activation's copy
    /// (another activation wrote it while the directory settled, or an earlier write's answer was lost): the activation is
    /// deactivated, so the caller is refused once and the next call reads the stored record. Any other failure may hide a
    /// committed write, so the record is read back: the write counts as done when the stored version moved on, and as
    /// refused otherwise, and either way the activation then holds what the store holds. When it cannot even be read back,
    /// the outcome is reported as unknown.
    /// </summary>
    public static async Task WriteSettledAsync<T>(this IPersistentState<T> state, Grain grain)
    {
        var version = state.Etag;
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception failure) when (IsVersionConflict(failure))
        {
            grain.GrainContext.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationError, "its copy of the stored record is out of date"));
            throw;
        }
        catch (Exception failure)
        {
            try
            {
                await state.ReadStateAsync();
            }
            catch (Exception unsettled)
            {
                // The caller restores what it changed, and keeps its version: should the write have been committed after
                // all, the next write meets the newer version, and a fresh activation reads it.
                throw new StoreOutcomeUnknownException($"The store did not confirm a write of {grain.GetGrainId()} and could not be read back: {failure.Message}", unsettled);
            }

            if (state.Etag != version)
            {
                return;
            }

            throw;
        }
    }

    /// <summary>
    /// Replaces the state with <paramref name="next"/> and writes it as <see cref="WriteSettledAsync{T}"/> does; when the
    /// write is refused, the state the grain held before is restored, so memory never holds what the store does not.
    /// </summary>
    public static async Task ReplaceSettledAsync<T>(this IPersistentState<T> state, T next, Grain grain)
    {
        var before = state.State;
        state.State = next;
        try
        {
            await state.WriteSettledAsync(grain);
        }
        catch
        {
            state.State = before;
            throw;
        }
    }

    private static bool IsVersionConflict(Exception failure)
    {
        for (var exception = failure; exception is not null; exception = exception.InnerException)
        {
            if (exception is InconsistentStateException)
            {
                return true;
            }
        }

        return false;
    }
}
