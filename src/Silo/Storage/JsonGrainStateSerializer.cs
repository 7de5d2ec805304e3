using System.Text.Json;
using Orleans.Storage;

namespace AccessTokens.Silo.Storage;

/// <summary>
/// Stores grain state as System.Text.Json: no CLR type names in the payload, so state types can be
/// renamed or moved, and a new field simply reads as its default from older rows.
/// </summary>
public sealed class JsonGrainStateSerializer : IGrainStorageSerializer
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <inheritdoc />
    public BinaryData Serialize<T>(T? input) => new(JsonSerializer.SerializeToUtf8Bytes(input, Options));

    /// <inheritdoc />
    public T Deserialize<T>(BinaryData input) => input.ToObjectFromJson<T>(Options)!;
}
