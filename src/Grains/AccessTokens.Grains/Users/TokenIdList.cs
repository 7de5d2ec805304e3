using System.Collections;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using AccessTokens.Tokens;

namespace AccessTokens.Users;

/// <summary>
/// The ids of a user's tokens, in the order they were added, held packed: an id (12 ASCII characters) takes 12
/// bytes here instead of a string of its own, about 50 bytes, and a user's record lists every token ever issued to
/// it. Other ids, which the service does not issue, are kept as strings. Stored as a JSON array of strings.
/// </summary>
[GenerateSerializer, Alias("AccessTokens.TokenIdList")]
[JsonConverter(typeof(ArrayConverter))]
public sealed class TokenIdList : IReadOnlyList<string>
{
    private const int Width = TokenValue.IdLength;

    [Id(0)]
    private byte[] packed = [];

    [Id(1)]
    private int packedCount;

    [Id(2)]
    private List<string>? others;

    /// <inheritdoc />
    public int Count => packedCount + (others?.Count ?? 0);

    /// <inheritdoc />
    public string this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            return index < packedCount ? Encoding.ASCII.GetString(packed, index * Width, Width) : others![index - packedCount];
        }
    }

    /// <summary>Adds <paramref name="id"/> at the end.</summary>
    public void Add(string id)
    {
        if (!Packable(id))
        {
            (others ??= []).Add(id);
            return;
        }

        if ((packedCount + 1) * Width > packed.Length)
        {
            Array.Resize(ref packed, Math.Max(4, packedCount * 2) * Width);
        }

        Encoding.ASCII.GetBytes(id, packed.AsSpan(packedCount * Width, Width));
        packedCount++;
    }

    /// <summary>Removes the first occurrence of <paramref name="id"/>; false when it is not listed.</summary>
    public bool Remove(string id)
    {
        if (!Packable(id))
        {
            return others?.Remove(id) ?? false;
        }

        for (var i = 0; i < packedCount; i++)
        {
            if (Ascii.Equals(packed.AsSpan(i * Width, Width), id))
            {
                Array.Copy(packed, (i + 1) * Width, packed, i * Width, (packedCount - i - 1) * Width);
                packedCount--;
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc />
    public IEnumerator<string> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static bool Packable(string id) => id.Length == Width && Ascii.IsValid(id);

    /// <summary>Reads and writes the list as a JSON array of strings, the stored form of a list of ids.</summary>
    internal sealed class ArrayConverter : JsonConverter<TokenIdList>
    {
        /// <inheritdoc />
        public override TokenIdList Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var ids = JsonSerializer.Deserialize<List<string>>(ref reader, options) ?? throw new JsonException("A list of token ids cannot be null.");
            var list = new TokenIdList { packed = new byte[ids.Count(Packable) * Width] };
            foreach (var id in ids)
            {
                list.Add(id);
            }

            return list;
        }

        /// <inheritdoc />
        public override void Write(Utf8JsonWriter writer, TokenIdList value, JsonSerializerOptions options)
        {
            writer.WriteStartArray();
            foreach (var id in value)
            {
                writer.WriteStringValue(id);
            }

            writer.WriteEndArray();
        }
    }
}
