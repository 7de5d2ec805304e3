using Microsoft.Extensions.Options;

namespace AccessTokens.Silo.Storage;

/// <summary>Applies the schema before the silo starts (it is registered ahead of Orleans), when configured to.</summary>
public sealed class SchemaMigrator(IOptions<StorageSettings> settings, ILogger<SchemaMigrator> logger) : IHostedService
{
    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!settings.Value.ApplySchema)
        {
            return;
        }

        var applied = await SqliteSchema.ApplyAsync(settings.Value.ConnectionString, cancellationToken);
        Log.SchemaReady(logger, SqliteSchema.LatestVersion, applied);
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
