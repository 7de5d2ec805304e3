using AccessTokens.Api.Hosting;

namespace AccessTokens.Api;

/// <summary>Connects a separate API front end to the cluster as an Orleans client.</summary>
public static class ClusterClientExtensions
{
    /// <summary>Adds an Orleans client for the cluster named by the <c>Cluster</c> section (a local silo's gateway).</summary>
    public static WebApplicationBuilder AddAccessTokensClusterClient(this WebApplicationBuilder builder)
    {
        var cluster = builder.Configuration.GetSection(ClusterSettings.SectionName).Get<ClusterSettings>() ?? new ClusterSettings();
        builder.UseOrleansClient(client => client.UseLocalhostClustering(cluster.GatewayPort, cluster.ServiceId, cluster.ClusterId));
        return builder;
    }
}
