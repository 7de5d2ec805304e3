// The ASP.NET Core snippet of docs/clients.md ("Use it from your API"), compiled and run by SnippetTests: keep the two identical.
namespace AccessTokens.Tests.Snippets;

// snippet:start
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.Extensions.Logging;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

/// <summary>Authenticates each request of your API by asking AccessTokens whether its Authorization header opens a resource.</summary>
public sealed class AccessTokensAuthenticationHandler(
    IOptionsMonitor<AccessTokensAuthenticationOptions> options, ILoggerFactory logger, UrlEncoder encoder, IHttpClientFactory clients)
    : AuthenticationHandler<AccessTokensAuthenticationOptions>(options, logger, encoder)
{
    /// <inheritdoc />
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue("Authorization", out var authorization))
        {
            return AuthenticateResult.NoResult();
        }

        var query = $"resource={Uri.EscapeDataString(Options.Resource)}&method={Request.Method}";
        using var check = new HttpRequestMessage(HttpMethod.Get, new Uri(Options.Service, $"/api/v1/auth/check?{query}"));
        check.Headers.TryAddWithoutValidation("Authorization", authorization.ToString());
        using var answer = await clients.CreateClient(Scheme.Name).SendAsync(check, Context.RequestAborted);
        if (!answer.IsSuccessStatusCode)
        {
            return AuthenticateResult.Fail($"AccessTokens answered {(int)answer.StatusCode}");
        }

        var passed = await answer.Content.ReadFromJsonAsync<CheckAnswer>(Context.RequestAborted);
        Claim[] claims = [new(ClaimTypes.Name, passed!.User), new("token_id", passed.TokenId ?? string.Empty)];
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }

    private sealed record CheckAnswer(string User, string? TokenId, string Resource);
}

/// <summary>Where AccessTokens answers, and the resource your API is catalogued as.</summary>
public sealed class AccessTokensAuthenticationOptions : AuthenticationSchemeOptions
{
    /// <summary>The service's address, e.g. <c>http://accesstokens:5080</c>.</summary>
    public Uri Service { get; set; } = new("http://localhost:5080");

    /// <summary>The resource your API is catalogued as.</summary>
    public string Resource { get; set; } = "requests";
}

// In Program.cs:
//   builder.Services.AddHttpClient("AccessTokens");
//   builder.Services.AddAuthentication("AccessTokens")
//       .AddScheme<AccessTokensAuthenticationOptions, AccessTokensAuthenticationHandler>("AccessTokens", o => o.Resource = "requests");
//   builder.Services.AddAuthorization();
//   ...
//   app.MapGet("/requests", (ClaimsPrincipal user) => $"Hello {user.Identity!.Name}").RequireAuthorization();
// snippet:end
