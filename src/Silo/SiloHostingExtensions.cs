using AccessTokens.Api.Health;
using AccessTokens.Api.Hosting;
using AccessTokens.Silo.Bootstrap;
using AccessTokens.Silo.Storage;

namespace AccessTokens.Silo;

/// <summary>Composes a silo: Orleans with its grain storage, schema, bootstrap and readiness checks.</summary>
public static class SiloHostingExtensions
{
    /// <summary>Default address of the co-hosted API.</summary>
    public const string DefaultUrl = "http://localhost:5080";

    /// <summary>Adds a silo with localhost clustering and SQLite grain storage.</summary>
    public static WebApplicationBuilder AddAccessTokensSilo(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var storage = builder.Configuration.GetSection(StorageSettings.SectionName).Get<StorageSettings>() ?? new StorageSettings();
        var cluster = builder.Configuration.GetSection(ClusterSettings.SectionName).Get<ClusterSettings>() ?? new ClusterSettings();

        services.AddOptions<StorageSettings>().BindConfiguration(StorageSettings.SectionName);
        services.AddOptions<BootstrapOptions>().BindConfiguration(BootstrapOptions.SectionName);
        services.AddAccessTokenGrainServices();

        // Hosted services start in registration order: the schema must exist before Orleans' storage
        // provider reads its queries, and the bootstrap needs a running silo.
        services.AddHostedService<SchemaMigrator>();
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, null, cluster.ServiceId, cluster.ClusterId);
            silo.AddAccessTokenStorage(storage);
        });
        services.AddHostedService<AdminBootstrapper>();
        services.AddHealthChecks().AddCheck<StorageReadinessCheck>("storage", tags: [ClusterReadinessCheck.ReadyTag]);
        return builder;
    }

    /// <summary>Adds the grain storage every grain persists to.</summary>
    public static ISiloBuilder AddAccessTokenStorage(this ISiloBuilder silo, StorageSettings storage) =>
        silo.AddAdoNetGrainStorage(StorageNames.Store, options =>
        {
            options.Invariant = SqliteSchema.Invariant;
            options.ConnectionString = storage.ConnectionString;
            options.GrainStorageSerializer = new JsonGrainStateSerializer();
        });
}
