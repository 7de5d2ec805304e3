using AccessTokens.Settings;
using Orleans.Configuration;

namespace AccessTokens.Api;

/// <summary>Connects a separate API front end to the cluster as an Orleans client.</summary>
public static class ClusterClientExtensions
{
    /// <summary>
    /// Adds an Orleans client for the cluster named by the <c>Cluster</c> section: a local silo's gateway, or
    /// the gateways listed in the membership table of the <c>Storage</c> database.
    /// </summary>
    public static WebApplicationBuilder AddAccessTokensClusterClient(this WebApplicationBuilder builder)
    {
        var (storage, cluster) = HostSettings.Read(builder.Configuration);
        builder.UseOrleansClient(client =>
        {
            if (cluster.Provider == ClusterProvider.AdoNet)
            {
                client.UseAdoNetClustering(options =>
                {
                    options.Invariant = storage.Invariant;
                    options.ConnectionString = storage.EffectiveConnectionString;
                });
                client.Configure<ClusterOptions>(options =>
                {
                    options.ClusterId = cluster.ClusterId;
                    options.ServiceId = cluster.ServiceId;
                });
            }
            else
            {
                client.UseLocalhostClustering(cluster.GatewayPort, cluster.ServiceId, cluster.ClusterId);
            }
        });
        return builder;
    }
}
