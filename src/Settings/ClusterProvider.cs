namespace AccessTokens.Settings;

/// <summary>How silos find each other.</summary>
public enum ClusterProvider
{
    /// <summary>One silo on this machine; no membership table.</summary>
    Localhost,

    /// <summary>Membership in the relational store (PostgreSQL or SQL Server): many silos.</summary>
    AdoNet,
}
