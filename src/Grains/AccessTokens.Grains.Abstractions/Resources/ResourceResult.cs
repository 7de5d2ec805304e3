using AccessTokens.Common;

namespace AccessTokens.Resources;

/// <summary>The resource after a change, or why the change was refused.</summary>
[GenerateSerializer, Immutable, Alias("AccessTokens.ResourceResult")]
public sealed record ResourceResult([property: Id(0)] ResourceView? Resource, [property: Id(1)] Failure? Failure);
