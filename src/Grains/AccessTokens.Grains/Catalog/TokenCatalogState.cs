namespace AccessTokens.Catalog;

/// <summary>The stored summaries of one catalog shard.</summary>
[GenerateSerializer, Alias("AccessTokens.TokenCatalogState")]
public sealed class TokenCatalogState
{
    /// <summary>One summary per token in the shard.</summary>
    [Id(0)]
    public List<TokenSummary> Tokens { get; set; } = [];
}
