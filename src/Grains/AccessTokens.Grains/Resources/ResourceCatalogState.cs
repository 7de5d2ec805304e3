namespace AccessTokens.Resources;

/// <summary>The stored catalogue of resources.</summary>
[GenerateSerializer, Alias("AccessTokens.ResourceCatalogState")]
public sealed class ResourceCatalogState
{
    /// <summary>Every resource.</summary>
    [Id(0)]
    public List<ResourceRecord> Resources { get; set; } = [];

    /// <summary>True once the resources named by tokens issued before the catalogue existed have been catalogued.</summary>
    [Id(1)]
    public bool Adopted { get; set; }
}
