using AccessTokens.Api.Health;
using AccessTokens.Settings;
using AccessTokens.Silo.Bootstrap;
using AccessTokens.Silo.Storage;
using Orleans.Configuration;
using Orleans.Serialization;

namespace AccessTokens.Silo;

/// <summary>Composes a silo: Orleans with its clustering and grain storage, schema, bootstrap and readiness checks.</summary>
public static class SiloHostingExtensions
{
    /// <summary>Default address of the co-hosted API.</summary>
    public const string DefaultUrl = "http://localhost:5080";

    /// <summary>
    /// Adds a silo: localhost clustering (one silo) or ADO.NET membership in the PostgreSQL or SQL Server
    /// store; grain state in the store. Refuses configurations that cannot work with a <see cref="StartupException"/>.
    /// </summary>
    public static WebApplicationBuilder AddAccessTokensSilo(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var (storage, cluster) = HostSettings.Read(builder.Configuration);
        services.AddSettings<StorageSettings>(StorageSettings.SectionName);
        services.AddSettings<BootstrapOptions>(BootstrapOptions.SectionName);

        // Hosted services start in registration order: the schema must exist before Orleans' providers
        // read their queries, and the bootstrap needs a running silo.
        services.AddHostedService<SchemaMigrator>();
        builder.UseOrleans(silo =>
        {
            silo.AddAccessTokenClustering(cluster, storage);
            silo.AddAccessTokenStorage(storage);
            silo.AddAccessTokenGrains();
            silo.Services.Configure<ExceptionSerializationOptions>(AllowStoreExceptions);
        });
        services.AddHostedService<AuthorizationUpgrade>();
        services.AddHostedService<AdminBootstrapper>();
        services.AddHostedService<TokenIdKeysReader>();
        services.AddHealthChecks()
            .AddCheck<SiloActiveCheck>("silo", tags: [ClusterReadinessCheck.ReadyTag])
            .AddCheck<StorageReadinessCheck>("storage", tags: [ClusterReadinessCheck.ReadyTag]);
        return builder;
    }

    /// <summary>Adds membership: one local silo, or the ADO.NET membership table shared by every silo of the cluster.</summary>
    public static ISiloBuilder AddAccessTokenClustering(this ISiloBuilder silo, ClusterSettings cluster, StorageSettings storage)
    {
        if (cluster.Provider == ClusterProvider.Localhost)
        {
            return silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, null, cluster.ServiceId, cluster.ClusterId);
        }

        var address = cluster.AdvertisedIPAddress;
        return silo
            .UseAdoNetClustering(options =>
            {
                options.Invariant = storage.Invariant;
                options.ConnectionString = storage.EffectiveConnectionString;
            })
            .Configure<ClusterOptions>(options =>
            {
                options.ClusterId = cluster.ClusterId;
                options.ServiceId = cluster.ServiceId;
            })
            .ConfigureEndpoints(address, cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: !System.Net.IPAddress.IsLoopback(address))
            .Configure<ClusterMembershipOptions>(options =>
            {
                // Detection of a dead silo takes about ProbeTimeout × MissedProbesLimit; its grains are
                // reactivated on the survivors as soon as it is declared dead.
                options.ProbeTimeout = cluster.ProbeTimeout;
                options.NumMissedProbesLimit = cluster.MissedProbesLimit;
                options.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(10);
            });
    }

    /// <summary>
    /// Lets a store failure travel from the silo where it happened to a caller on another silo or a front end. Orleans'
    /// storage bridge (and the token grains' TokenStore) wraps it in an <see cref="OrleansException"/> that carries the
    /// provider's exception as its inner exception, and Orleans by default serializes only exceptions of the
    /// Microsoft, System and Azure namespaces: without this, an inner Npgsql exception makes the whole response
    /// unserializable, and the caller gets a serialization error (a 500) instead of the store's failure (a 503).
    /// </summary>
    private static void AllowStoreExceptions(ExceptionSerializationOptions options)
    {
        var others = options.SupportedExceptionTypeFilter;
        options.SupportedExceptionTypeFilter = type => typeof(System.Data.Common.DbException).IsAssignableFrom(type) || others(type);
    }

    /// <summary>Adds the grain storage every grain persists to.</summary>
    public static ISiloBuilder AddAccessTokenStorage(this ISiloBuilder silo, StorageSettings storage) =>
        silo.AddAdoNetGrainStorage(StorageNames.Store, options =>
        {
            options.Invariant = storage.Invariant;
            options.ConnectionString = storage.EffectiveConnectionString;
            options.GrainStorageSerializer = new JsonGrainStateSerializer();
        });
}
