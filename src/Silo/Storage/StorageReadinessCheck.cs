using AccessTokens.Settings;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace AccessTokens.Silo.Storage;

/// <summary>Ready when the store answers and holds the schema this build needs.</summary>
public sealed class StorageReadinessCheck(IOptions<StorageSettings> settings) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var storage = settings.Value;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            var version = await StoreSchema.CurrentVersionAsync(storage, timeout.Token);
            var latest = StoreSchema.LatestVersion(storage.Provider);
            return version >= latest
                ? HealthCheckResult.Healthy("The store answers.")
                : HealthCheckResult.Unhealthy($"The store's schema is at version {version}, this build needs {latest}.");
        }
        catch (Exception exception) when (exception is StartupException or OperationCanceledException or System.Data.Common.DbException)
        {
            return HealthCheckResult.Unhealthy("The store does not answer.", exception);
        }
    }
}
