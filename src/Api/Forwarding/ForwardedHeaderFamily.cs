namespace AccessTokens.Api.Forwarding;

/// <summary>The headers that carry the original request's URI and method, and those of the family that must be absent.</summary>
public sealed record ForwardedHeaderFamily(string Uri, string Method, string OtherUri, string OtherMethod);
