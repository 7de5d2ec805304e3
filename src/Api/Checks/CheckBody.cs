using System.Buffers;
using System.Text.Json;
using AccessTokens.Api.Http;

namespace AccessTokens.Api.Checks;

/// <summary>
/// Writes the body of an allowed check (<see cref="CheckResponse"/>'s shape) into a buffer of the calling thread, reused
/// by its next check: no writer or buffer is made per request.
/// </summary>
internal static class CheckBody
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? writer;

    /// <summary>
    /// The body's bytes, valid until this thread writes the next one: copy them out before any await.
    /// </summary>
    public static ReadOnlySpan<byte> Write(string user, string? tokenId, string resource, DateTimeOffset? expiresAt, long? remainingUses = null)
    {
        var bytes = buffer ??= new ArrayBufferWriter<byte>(256);
        bytes.ResetWrittenCount();
        var json = writer ??= new Utf8JsonWriter(bytes);
        json.Reset(bytes);
        json.WriteStartObject();
        json.WriteString("user", user);
        json.WriteString("tokenId", tokenId);
        json.WriteString("resource", resource);
        if (expiresAt is { } instant)
        {
            json.WriteString("expiresAt", UtcInstantConverter.Format(instant));
        }
        else
        {
            json.WriteNull("expiresAt");
        }

        // Only a token with a quota has uses to count down.
        if (remainingUses is { } left)
        {
            json.WriteNumber("remainingUses", left);
        }

        json.WriteEndObject();
        json.Flush();
        return bytes.WrittenSpan;
    }
}
