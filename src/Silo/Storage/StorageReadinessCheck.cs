using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace AccessTokens.Silo.Storage;

/// <summary>Ready when the store answers a query on the schema.</summary>
public sealed class StorageReadinessCheck(IOptions<StorageSettings> settings) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = new SqliteConnection(settings.Value.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            var version = await SqliteSchema.CurrentVersionAsync(connection, null, cancellationToken);
            return version >= SqliteSchema.LatestVersion
                ? HealthCheckResult.Healthy("The store answers.")
                : HealthCheckResult.Unhealthy($"The store's schema is at version {version}, this build needs {SqliteSchema.LatestVersion}.");
        }
        catch (SqliteException exception)
        {
            return HealthCheckResult.Unhealthy("The store does not answer.", exception);
        }
    }
}
