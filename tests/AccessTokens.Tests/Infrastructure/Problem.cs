using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace AccessTokens.Tests.Infrastructure;

/// <summary>Assertions on RFC 9457 problem responses.</summary>
public static class Problem
{
    /// <summary>Asserts a problem+json body with the status, a detail sentence and, when named, an error for <paramref name="field"/>.</summary>
    public static async Task<JsonElement> AssertAsync(HttpResponseMessage response, HttpStatusCode status, string? field = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(text).RootElement;
        Assert.Equal((int)status, body.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("detail").GetString()));
        if (field is not null)
        {
            Assert.True(body.TryGetProperty("errors", out var errors), $"No errors in {text}");
            Assert.True(errors.TryGetProperty(field, out var messages), $"No error for '{field}' in {text}");
            Assert.NotEqual(0, messages.GetArrayLength());
        }

        return body;
    }

    /// <summary>Asserts the RFC 6750 challenge header.</summary>
    public static void AssertChallenge(HttpResponseMessage response, string? error)
    {
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", challenge.Scheme);
        var expected = error is null ? "realm=\"accesstokens\"" : $"realm=\"accesstokens\", error=\"{error}\"";
        Assert.Equal(expected, challenge.Parameter);
    }

    /// <summary>Reads a JSON body.</summary>
    public static Task<JsonElement> JsonAsync(HttpResponseMessage response) => response.Content.ReadFromJsonAsync<JsonElement>();
}
