using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AccessTokens.Tests.Infrastructure;

namespace AccessTokens.Tests.AdminScreen;

/// <summary>An HTTP client that keeps cookies and sends the anti-forgery header the way the admin screen does.</summary>
public sealed class ScreenClient : IDisposable
{
    private const string HeaderName = "X-CSRF-TOKEN";

    /// <summary>Opens a client on <paramref name="address"/> with an empty cookie jar.</summary>
    public ScreenClient(Uri address)
    {
        Client = new HttpClient(OpenApiConformance.Handler(address, new HttpClientHandler { CookieContainer = Jar })) { BaseAddress = address };
    }

    /// <summary>The cookies received so far.</summary>
    public CookieContainer Jar { get; } = new();

    /// <summary>The client, which sends the jar's cookies.</summary>
    public HttpClient Client { get; }

    /// <summary>Every <c>Set-Cookie</c> header received so far, as sent.</summary>
    public List<string> SetCookies { get; } = [];

    /// <summary>Asks for an anti-forgery request token, as the screen does before each sign-in and after it.</summary>
    public async Task<string> AntiforgeryTokenAsync()
    {
        using var response = await Client.GetAsync("/ui/antiforgery");
        Remember(response);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HeaderName, body.GetProperty("headerName").GetString());
        return body.GetProperty("token").GetString()!;
    }

    /// <summary>Signs in with a fresh anti-forgery token.</summary>
    public async Task<HttpResponseMessage> SignInAsync(string login, string password) =>
        await SendAsync(HttpMethod.Post, "/ui/sign-in", await AntiforgeryTokenAsync(), new { login, password });

    /// <summary>Sends a request with the anti-forgery header when <paramref name="antiforgeryToken"/> is given.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? antiforgeryToken, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (antiforgeryToken is not null)
        {
            request.Headers.Add(HeaderName, antiforgeryToken);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        var response = await Client.SendAsync(request);
        Remember(response);
        return response;
    }

    /// <inheritdoc />
    public void Dispose() => Client.Dispose();

    private void Remember(HttpResponseMessage response)
    {
        if (response.Headers.TryGetValues("Set-Cookie", out var cookies))
        {
            SetCookies.AddRange(cookies);
        }
    }
}
