namespace AccessTokens.Catalog;

/// <summary>The stored summaries of one catalog shard.</summary>
public sealed class TokenCatalogState
{
    /// <summary>One summary per token in the shard.</summary>
    public List<TokenSummary> Tokens { get; set; } = [];
}
