using System.Net;
using System.ComponentModel.DataAnnotations;

namespace AccessTokens.Settings;

/// <summary>Where the cluster is, bound from the <c>Cluster</c> configuration section (silo and front end alike).</summary>
public sealed class ClusterSettings : IValidatableObject
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

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (SiloPort is < 1 or > 65535 || GatewayPort is < 1 or > 65535 || SiloPort == GatewayPort)
        {
            yield return new ValidationResult(
                $"{SectionName}:SiloPort and {SectionName}:GatewayPort must be two different ports from 1 to 65535.", [nameof(SiloPort), nameof(GatewayPort)]);
        }

        if (!IPAddress.TryParse(AdvertisedAddress, out _))
        {
            yield return new ValidationResult(
                $"{SectionName}:AdvertisedAddress must be an IP address, not '{AdvertisedAddress}'.", [nameof(AdvertisedAddress)]);
        }

        if (string.IsNullOrWhiteSpace(ClusterId) || string.IsNullOrWhiteSpace(ServiceId))
        {
            yield return new ValidationResult($"{SectionName}:ClusterId and {SectionName}:ServiceId must not be empty.", [nameof(ClusterId), nameof(ServiceId)]);
        }
    }
}
