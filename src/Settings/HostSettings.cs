using Microsoft.Extensions.Configuration;

namespace AccessTokens.Settings;

/// <summary>
/// Where the state is stored and where the cluster is: what a silo and a front end need while they are being built,
/// read with <see cref="SettingsBinding.ReadSettings{T}"/>, with the one rule that spans both sections.
/// </summary>
/// <param name="Storage">The <c>Storage</c> section.</param>
/// <param name="Cluster">The <c>Cluster</c> section.</param>
public sealed record HostSettings(StorageSettings Storage, ClusterSettings Cluster)
{
    /// <summary>Reads both sections; throws a <see cref="StartupException"/> naming the first wrong key.</summary>
    public static HostSettings Read(IConfiguration configuration)
    {
        var storage = configuration.ReadSettings<StorageSettings>(StorageSettings.SectionName);
        var cluster = configuration.ReadSettings<ClusterSettings>(ClusterSettings.SectionName);
        if (cluster.Provider == ClusterProvider.AdoNet && storage.Provider == StorageProvider.Sqlite)
        {
            throw new StartupException(
                "Cluster:Provider=AdoNet needs Storage:Provider=PostgreSql or SqlServer: SQLite holds no cluster membership. " +
                "Use Cluster:Provider=Localhost for one silo on SQLite.");
        }

        return new HostSettings(storage, cluster);
    }
}
