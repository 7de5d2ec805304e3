namespace AccessTokens.Catalog;

/// <summary>A place in the newest-first order of tokens: creation time, then id, both descending.</summary>
[GenerateSerializer, Immutable, Alias("AccessTokens.TokenPosition")]
public readonly record struct TokenPosition([property: Id(0)] DateTimeOffset CreatedAt, [property: Id(1)] string Id)
{
    /// <summary>Orders positions newest first; equal times by id, descending, so the order is total.</summary>
    public static readonly IComparer<TokenPosition> NewestFirst = Comparer<TokenPosition>.Create(static (a, b) =>
    {
        var byTime = b.CreatedAt.UtcTicks.CompareTo(a.CreatedAt.UtcTicks);
        return byTime != 0 ? byTime : string.CompareOrdinal(b.Id, a.Id);
    });
}
