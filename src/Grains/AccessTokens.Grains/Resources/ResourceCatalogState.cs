namespace AccessTokens.Resources;

/// <summary>The stored catalogue of resources.</summary>
public sealed class ResourceCatalogState
{
    /// <summary>Every resource.</summary>
    public List<ResourceRecord> Resources { get; set; } = [];

    /// <summary>True once the resources named by tokens issued before the catalogue existed have been catalogued.</summary>
    public bool Adopted { get; set; }
}
