using AccessTokens.Definitions;

namespace AccessTokens.Resources;

/// <summary>The stored record of one catalogued resource.</summary>
[GenerateSerializer, Alias("AccessTokens.ResourceRecord")]
public sealed record ResourceRecord : IDefinitionRecord<ResourceView>
{
    /// <summary>The resource's name, as tokens and profiles name it.</summary>
    [Id(0)]
    public string Name { get; init; } = string.Empty;

    /// <summary>What the resource is.</summary>
    [Id(1)]
    public string Description { get; init; } = string.Empty;

    /// <summary>Canonical URL path prefixes that forward authentication maps to this resource.</summary>
    [Id(2)]
    public List<string> PathPrefixes { get; init; } = [];

    /// <summary>True for <c>admin</c>.</summary>
    [Id(3)]
    public bool BuiltIn { get; init; }

    /// <summary>When the resource was catalogued.</summary>
    [Id(4)]
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The record as administrators see it.</summary>
    public ResourceView View() => new(Name, Description, [.. PathPrefixes], BuiltIn, CreatedAt);
}
