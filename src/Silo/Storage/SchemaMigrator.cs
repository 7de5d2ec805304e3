using AccessTokens.Settings;
using Microsoft.Extensions.Options;

namespace AccessTokens.Silo.Storage;

/// <summary>
/// Runs before Orleans starts (it is registered ahead of it): applies the schema when configured to, and
/// otherwise checks that the store is reachable and up to date, so a silo never starts against a store
/// its providers cannot use.
/// </summary>
public sealed class SchemaMigrator(IOptions<StorageSettings> settings, ILogger<SchemaMigrator> logger) : IHostedService
{
    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var storage = settings.Value;
        if (storage.ApplySchema)
        {
            var (version, applied) = await StoreSchema.ApplyAsync(storage, cancellationToken);
            Log.SchemaReady(logger, storage.Provider.ToString(), version, applied);
            return;
        }

        var current = await StoreSchema.CurrentVersionAsync(storage, cancellationToken);
        var latest = StoreSchema.LatestVersion(storage.Provider);
        if (current < latest)
        {
            throw new StartupException(
                $"The {storage.Provider} store's schema is at version {current}; this build needs {latest}. " +
                "Run 'dotnet run --project src/Silo -- migrate' or set Storage:ApplySchema=true.");
        }

        Log.SchemaReady(logger, storage.Provider.ToString(), current, 0);
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
