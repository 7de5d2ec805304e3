using System.Net;
using Microsoft.Extensions.Configuration;

namespace AccessTokens.Settings;

/// <summary>Where the cluster is, bound from the <c>Cluster</c> configuration section (silo and front end alike).</summary>
public sealed class ClusterSettings
{
    /// <summary>The configuration section these settings are bound from.</summary>
    public const string SectionName = "Cluster";

    /// <summary>How silos find each other. Default <see cref="ClusterProvider.Localhost"/>.</summary>
    public ClusterProvider Provider { get; set; } = ClusterProvider.Localhost;

    /// <summary>Orleans cluster id: silos and clients with the same id form one cluster. Default <c>accesstokens</c>.</summary>
    public string ClusterId { get; set; } = "accesstokens";

    /// <summary>Orleans service id: names the stored state; keep it across deployments. Default <c>accesstokens</c>.</summary>
    public string ServiceId { get; set; } = "accesstokens";

    /// <summary>Silo-to-silo port. Default 11111.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port clients (the separate API front end) connect to. Default 30000.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// The address other silos and clients reach this silo on (AdoNet clustering). Default 127.0.0.1, for
    /// clusters on one machine; set it to the host's own address when silos run on several hosts.
    /// </summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>How long a silo waits for a probe answer before counting it missed. Default 2 seconds.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Missed probes after which a silo is suspected dead. Default 3.</summary>
    public int MissedProbesLimit { get; set; } = 3;

    /// <summary>The advertised address, parsed.</summary>
    public IPAddress AdvertisedIPAddress => IPAddress.Parse(AdvertisedAddress);

    /// <summary>Reads the section and checks it against the storage settings.</summary>
    public static ClusterSettings From(IConfiguration configuration, StorageSettings storage)
    {
        var section = configuration.GetSection(SectionName);
        var provider = section["Provider"];
        if (provider is not null && !Enum.TryParse<ClusterProvider>(provider, ignoreCase: true, out _))
        {
            throw new StartupException($"Cluster:Provider must be Localhost or AdoNet, not '{provider}'.");
        }

        ClusterSettings settings;
        try
        {
            settings = section.Get<ClusterSettings>() ?? new ClusterSettings();
        }
        catch (InvalidOperationException exception)
        {
            throw new StartupException($"The Cluster section has a value of the wrong type: {exception.Message}", exception);
        }

        if (settings.Provider == ClusterProvider.AdoNet && storage.Provider == StorageProvider.Sqlite)
        {
            throw new StartupException(
                "Cluster:Provider=AdoNet needs Storage:Provider=PostgreSql or SqlServer: SQLite holds no cluster membership. " +
                "Use Cluster:Provider=Localhost for one silo on SQLite.");
        }

        if (settings.SiloPort is < 1 or > 65535 || settings.GatewayPort is < 1 or > 65535 || settings.SiloPort == settings.GatewayPort)
        {
            throw new StartupException("Cluster:SiloPort and Cluster:GatewayPort must be two different ports from 1 to 65535.");
        }

        if (!IPAddress.TryParse(settings.AdvertisedAddress, out _))
        {
            throw new StartupException($"Cluster:AdvertisedAddress must be an IP address, not '{settings.AdvertisedAddress}'.");
        }

        if (string.IsNullOrWhiteSpace(settings.ClusterId) || string.IsNullOrWhiteSpace(settings.ServiceId))
        {
            throw new StartupException("Cluster:ClusterId and Cluster:ServiceId must not be empty.");
        }

        return settings;
    }
}
