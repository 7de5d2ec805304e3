namespace AccessTokens;

/// <summary>Names of the grain storage providers the grains persist to.</summary>
public static class StorageNames
{
    /// <summary>The one relational store holding users, tokens and the catalog.</summary>
    public const string Store = "store";
}
