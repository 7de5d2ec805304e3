using System.ComponentModel.DataAnnotations;

namespace AccessTokens.Api.Forwarding;

/// <summary>How <c>/auth/forward</c> learns the original request, bound from the <c>ForwardAuth</c> configuration section.</summary>
public sealed class ForwardAuthOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "ForwardAuth";

    /// <summary>The header family value of nginx <c>auth_request</c>.</summary>
    public const string Original = "original";

    /// <summary>The header family value of Traefik <c>ForwardAuth</c> and Caddy <c>forward_auth</c>.</summary>
    public const string Forwarded = "forwarded";

    /// <summary>
    /// Which headers carry the original URI and method, as the proxy in front sets them: <c>original</c>
    /// (<c>X-Original-URI</c> / <c>X-Original-Method</c>, nginx <c>auth_request</c>) or <c>forwarded</c>
    /// (<c>X-Forwarded-Uri</c> / <c>X-Forwarded-Method</c>, Traefik and Caddy). Only that family is read, and a request
    /// that also carries the other family's headers is refused: a proxy passes the client's own headers on, so the other
    /// family can only come from the client. Default <c>original</c>.
    /// </summary>
    public string Headers { get; set; } = Original;

    /// <summary>
    /// The proxies whose <c>X-Forwarded-For</c> (last hop) or <c>X-Real-IP</c> names the end client, for the token's
    /// allowed addresses: address ranges separated by commas (<c>10.0.0.0/8, 127.0.0.1</c>). Empty (the default) trusts
    /// none: the connection's own address is the client's.
    /// </summary>
    public string TrustedProxies { get; set; } = string.Empty;

    /// <summary>The ranges of <see cref="TrustedProxies"/> (those that read; validation refuses the others).</summary>
    public IReadOnlyList<System.Net.IPNetwork> TrustedNetworks() => [.. Ranges()
        .Select(range => AccessTokens.Tokens.AddressRules.TryParseRange(range, out var network, out _) ? network : (System.Net.IPNetwork?)null)
        .OfType<System.Net.IPNetwork>()];

    private string[] Ranges() =>
        TrustedProxies.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The headers of the configured family, or null when <see cref="Headers"/> names none.</summary>
    public ForwardedHeaderFamily? Family => Headers.ToLowerInvariant() switch
    {
        Original => new ForwardedHeaderFamily("X-Original-URI", "X-Original-Method", "X-Forwarded-Uri", "X-Forwarded-Method"),
        Forwarded => new ForwardedHeaderFamily("X-Forwarded-Uri", "X-Forwarded-Method", "X-Original-URI", "X-Original-Method"),
        _ => null,
    };

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Family is null)
        {
            yield return new ValidationResult(
                $"{SectionName}:Headers must be '{Original}' (nginx auth_request) or '{Forwarded}' (Traefik, Caddy), not '{Headers}'.", [nameof(Headers)]);
        }

        foreach (var range in Ranges())
        {
            if (!AccessTokens.Tokens.AddressRules.TryParseRange(range, out var network, out var exact) || !exact)
            {
                yield return new ValidationResult(
                    $"{SectionName}:TrustedProxies: '{range}' is not an address range{(exact ? string.Empty : $" (did you mean {network}?)")}. {AccessTokens.Tokens.AddressRules.RangeMessage}",
                    [nameof(TrustedProxies)]);
            }
        }
    }
}
