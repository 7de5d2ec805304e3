namespace AccessTokens.Resources;

/// <summary>One path prefix of a resource, split into its segments.</summary>
[GenerateSerializer, Immutable, Alias("AccessTokens.ResourcePrefix")]
public sealed record ResourcePrefix([property: Id(0)] string Resource, [property: Id(1)] IReadOnlyList<string> Segments);
