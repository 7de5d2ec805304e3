using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace AccessTokens.Tokens;

/// <summary>
/// Reads, writes and clears token records for the token grains, which hold their records themselves (see
/// <see cref="TokenRecord"/>). Each call works on a copy of the record and returns it as the store left it. Does what
/// Orleans' storage bridge does for other grains: a failure is logged with the token's id and reaches the caller as an
/// <see cref="OrleansException"/>, which the API answers with 503.
/// </summary>
public sealed class TokenStore([FromKeyedServices(StorageNames.Store)] IGrainStorage storage, ILogger<TokenStore> logger)
{
    /// <summary>The name of the token records in the store.</summary>
    public const string StateName = "token";

    /// <summary>The stored record of <paramref name="grain"/>, read into <paramref name="record"/>.</summary>
    internal Task<TokenRecord> ReadAsync(GrainId grain, TokenRecord record) =>
        RunAsync("read", grain, record, static (storage, grain, record) => storage.ReadStateAsync(StateName, grain, record));

    /// <summary>Writes <paramref name="record"/>, if its version is still the stored one; the record with its new version.</summary>
    internal Task<TokenRecord> WriteAsync(GrainId grain, TokenRecord record) =>
        RunAsync("write", grain, record, static (storage, grain, record) => storage.WriteStateAsync(StateName, grain, record));

    /// <summary>Deletes the stored record of <paramref name="grain"/>.</summary>
    internal Task<TokenRecord> ClearAsync(GrainId grain, TokenRecord record) =>
        RunAsync("delete", grain, record, static (storage, grain, record) => storage.ClearStateAsync(StateName, grain, record));

    private async Task<TokenRecord> RunAsync(
        string operation,
        GrainId grain,
        TokenRecord record,
        Func<IGrainStorage, GrainId, IGrainState<AccessTokenState>, Task> call)
    {
        IGrainState<AccessTokenState> copy = record;
        try
        {
            await call(storage, grain, copy);
            return (TokenRecord)copy;
        }
        catch (Exception exception) when (Failed(exception, operation, grain))
        {
            throw new OrleansException($"The token store could not {operation} the record of token {grain.Key}: {exception.Message}", exception);
        }
    }

    // Logs every failure but a version conflict, which the token grain settles itself; true for the provider's own
    // exceptions (database errors), which are wrapped as the bridge wraps them, so the API answers 503 whatever the
    // provider threw. Orleans' exceptions (a version conflict) go on as they are.
    private bool Failed(Exception exception, string operation, GrainId grain)
    {
        if (exception is not InconsistentStateException)
        {
            Log.TokenStoreFailed(logger, exception, operation, grain.Key.ToString());
        }

        return exception is not OrleansException;
    }
}
