namespace AccessTokens.Api.Lists;

/// <summary>A page of a list: the items and the cursor of the next page, or null at the end.</summary>
public sealed record ListPage<T>(IReadOnlyList<T> Items, string? Next);
