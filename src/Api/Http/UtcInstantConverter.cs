using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AccessTokens.Api.Http;

/// <summary>Writes instants as ISO 8601 UTC with a <c>Z</c> (<c>2026-11-28T10:15:30.25Z</c>), as the contract shows.</summary>
public sealed class UtcInstantConverter : JsonConverter<DateTimeOffset>
{
    /// <inheritdoc />
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset();

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(Format(value));

    /// <summary>The contract's text for an instant.</summary>
    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
