using System.Text.Json.Serialization;
using AccessTokens.Tokens;

namespace AccessTokens.Api.OAuth;

/// <summary>An RFC 7662 introspection response; an inactive token answers <c>{"active": false}</c> only.</summary>
public sealed record IntrospectionResponse(
    [property: JsonPropertyName("active")] bool Active,
    [property: JsonPropertyName("sub")] string? Sub = null,
    [property: JsonPropertyName("client_id")] string? ClientId = null,
    [property: JsonPropertyName("scope")] string? Scope = null,
    [property: JsonPropertyName("exp")] long? Exp = null,
    [property: JsonPropertyName("iat")] long? Iat = null,
    [property: JsonPropertyName("token_type")] string? TokenType = null)
{
    /// <summary>The answer for every token that does not work now, whatever the reason.</summary>
    public static readonly IntrospectionResponse Inactive = new(false);

    /// <summary>The answer for a working token.</summary>
    public static IntrospectionResponse From(Introspection token) => new(
        true, token.User, token.TokenId, string.Join(' ', token.Resources),
        token.ExpiresAt?.ToUnixTimeSeconds(), token.CreatedAt.ToUnixTimeSeconds(), "access_token");
}
