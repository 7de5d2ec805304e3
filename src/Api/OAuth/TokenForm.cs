using System.Text.Json.Serialization;

namespace AccessTokens.Api.OAuth;

/// <summary>The form of RFC 7662 introspection and RFC 7009 revocation (<c>application/x-www-form-urlencoded</c>).</summary>
/// <param name="Token">The token value.</param>
/// <param name="TokenTypeHint">Ignored: every token of this service is an access token.</param>
public sealed record TokenForm(
    [property: JsonPropertyName("token")] string Token,
    [property: JsonPropertyName("token_type_hint")] string? TokenTypeHint = null);
