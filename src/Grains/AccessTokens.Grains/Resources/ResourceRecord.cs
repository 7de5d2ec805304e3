namespace AccessTokens.Resources;

/// <summary>The stored record of one catalogued resource.</summary>
public sealed record ResourceRecord
{
    /// <summary>The resource's name, as tokens and profiles name it.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>What the resource is.</summary>
    public string Description { get; init; } = string.Empty;

    /// <summary>Canonical URL path prefixes that forward authentication maps to this resource.</summary>
    public List<string> PathPrefixes { get; init; } = [];

    /// <summary>True for <c>admin</c>.</summary>
    public bool BuiltIn { get; init; }

    /// <summary>When the resource was catalogued.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The record as administrators see it.</summary>
    public ResourceView View() => new(Name, Description, [.. PathPrefixes], BuiltIn, CreatedAt);
}
