using System.Collections.Concurrent;
using System.Buffers;
using System.Diagnostics;
using System.Text;

namespace AccessTokens.Api.Authentication;

/// <summary>
/// Problem bodies of the usual refusals, each rendered once by the problem details service and then written as the
/// same bytes around the request's trace id: the answer is byte for byte the service's, at the cost of a copy. Only
/// problems with a fixed title and detail are kept (a handful), so the cache cannot grow with what clients send.
/// </summary>
internal static class RenderedProblems
{
    private const string Placeholder = "trace-id-placeholder";

    private static readonly ConcurrentDictionary<(int Status, string Title, string Detail), Rendering> Renderings = new();

    /// <summary>Writes the problem of <paramref name="status"/>, <paramref name="title"/> and <paramref name="detail"/>.</summary>
    public static async Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        var traceId = Activity.Current?.Id ?? context.TraceIdentifier;
        if (!IsPlain(traceId))
        {
            await Challenges.WriteProblemAsync(context, status, title, detail);
            return;
        }

        var key = (status, title, detail);
        if (!Renderings.TryGetValue(key, out var rendering))
        {
            rendering = await RenderAsync(context, status, title, detail);
            if (rendering is null)
            {
                await Challenges.WriteProblemAsync(context, status, title, detail);
                return;
            }

            Renderings.TryAdd(key, rendering);
        }

        var response = context.Response;
        response.ContentType = rendering.ContentType;
        response.ContentLength = rendering.Before.Length + traceId.Length + rendering.After.Length;
        var body = response.BodyWriter;
        body.Write(rendering.Before);
        Encoding.ASCII.GetBytes(traceId, body);
        body.Write(rendering.After);
        await body.FlushAsync(context.RequestAborted);
    }

    // Characters a JSON string holds as they are: trace ids (W3C ids, connection ids) are made of them.
    private static bool IsPlain(string text) =>
        text.Length is > 0 and <= 128 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or ':' or '.' or '|' or '_');

    // The service's own rendering of the problem for a stand-in request whose trace id is a placeholder, cut around it.
    private static async Task<Rendering?> RenderAsync(HttpContext context, int status, string title, string detail)
    {
        var stand = new DefaultHttpContext { RequestServices = context.RequestServices, TraceIdentifier = Placeholder };
        using var buffer = new MemoryStream();
        stand.Response.Body = buffer;
        stand.Response.StatusCode = status;
        var current = Activity.Current;
        Activity.Current = null;
        try
        {
            await Challenges.WriteProblemAsync(stand, status, title, detail);
        }
        finally
        {
            Activity.Current = current;
        }

        var text = Encoding.UTF8.GetString(buffer.ToArray());
        var at = text.IndexOf(Placeholder, StringComparison.Ordinal);
        if (at < 0 || text.IndexOf(Placeholder, at + 1, StringComparison.Ordinal) >= 0 || stand.Response.ContentType is not { } type)
        {
            return null;
        }

        return new Rendering(Encoding.UTF8.GetBytes(text[..at]), Encoding.UTF8.GetBytes(text[(at + Placeholder.Length)..]), type);
    }

    private sealed record Rendering(byte[] Before, byte[] After, string ContentType);
}
