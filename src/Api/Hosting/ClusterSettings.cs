using System.ComponentModel.DataAnnotations;

namespace AccessTokens.Api.Hosting;

/// <summary>Where the cluster is, bound from the <c>Cluster</c> configuration section (silo and front end alike).</summary>
public sealed class ClusterSettings
{
    /// <summary>The configuration section these settings are bound from.</summary>
    public const string SectionName = "Cluster";

    /// <summary>Orleans cluster id: silos and clients with the same id form one cluster. Default <c>accesstokens</c>.</summary>
    [Required]
    public string ClusterId { get; set; } = "accesstokens";

    /// <summary>Orleans service id: names the stored state; keep it across deployments. Default <c>accesstokens</c>.</summary>
    [Required]
    public string ServiceId { get; set; } = "accesstokens";

    /// <summary>Silo-to-silo port. Default 11111.</summary>
    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port clients (the separate API front end) connect to. Default 30000.</summary>
    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;
}
