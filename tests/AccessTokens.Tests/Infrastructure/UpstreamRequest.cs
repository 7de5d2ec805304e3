namespace AccessTokens.Tests.Infrastructure;

/// <summary>A request that reached the upstream behind a proxy, with the identity headers it carried.</summary>
public sealed record UpstreamRequest(string Method, string Path, string? User, string? TokenId);
