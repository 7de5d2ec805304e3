using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace AccessTokens.Tests.Infrastructure;

/// <summary>
/// Holds every answer the tests receive to the service's own OpenAPI document (<c>/openapi/v1.json</c>, read once per
/// service): the path and method are documented, the status code is declared for the operation, and a JSON body
/// matches the schema declared for that status and media type. A violation fails the test that received it, so the
/// document cannot drift from what the service does.
/// </summary>
public sealed class OpenApiConformance
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<OpenApiConformance>>> Services = new();

    private readonly List<(Regex Pattern, string Template, JsonObject Item)> paths;
    private readonly JsonObject definitions;
    private readonly ConcurrentDictionary<string, JsonSchema> schemas = new();

    private OpenApiConformance(JsonObject document)
    {
        paths = document["paths"]!.AsObject()
            .Select(pair => (Pattern(pair.Key), pair.Key, pair.Value!.AsObject()))
            // A literal segment wins over a parameter: /access-tokens/self is not /access-tokens/{id}.
            .OrderBy(path => path.Key.Count(c => c == '{'))
            .ToList();
        definitions = JsonNode.Parse(document["components"]?["schemas"]?.ToJsonString().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal) ?? "{}")!.AsObject();
    }

    // A parameter is one path segment, but for Envoy's {path}, the rest of the original path.
    private static Regex Pattern(string template) =>
        new("^" + Regex.Replace(Regex.Escape(template).Replace(@"\{path}", ".+", StringComparison.Ordinal), @"\\\{[^}]+}", "[^/]+") + "$");

    /// <summary>The conformance of answers to <paramref name="document"/>.</summary>
    public static OpenApiConformance Of(JsonObject document) => new(document);

    /// <summary>Wraps <paramref name="inner"/> so every answer of the service at <paramref name="service"/> is held to its document.</summary>
    public static HttpMessageHandler Handler(Uri service, HttpMessageHandler? inner = null) =>
        new ConformingHandler(service, inner ?? new SocketsHttpHandler());

    private static Task<OpenApiConformance> ForAsync(Uri service, HttpMessageInvoker reader) =>
        Services.GetOrAdd(service.GetLeftPart(UriPartial.Authority), _ => new Lazy<Task<OpenApiConformance>>(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(service, "/openapi/v1.json"));
            using var response = await reader.SendAsync(request, CancellationToken.None);
            response.EnsureSuccessStatusCode();
            return new OpenApiConformance(JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
        })).Value;

    /// <summary>What is wrong with <paramref name="response"/> by the document, or null when nothing is.</summary>
    public async Task<string?> ViolationAsync(HttpRequestMessage request, HttpResponseMessage response)
    {
        var path = request.RequestUri!.AbsolutePath;
        var status = (int)response.StatusCode;
        var method = request.Method.Method.ToLowerInvariant();
        var item = paths.FirstOrDefault(p => p.Pattern.IsMatch(path));
        if (item.Item is null)
        {
            // The screen's files (pages, scripts, styles) and the document itself are not API operations; an unknown path
            // may only be unknown.
            return path.StartsWith("/openapi/", StringComparison.Ordinal) || request.Method == HttpMethod.Get && !IsJson(response)
                || status is 404 or 405 ? null : $"{request.Method} {path} answered {status} but is not in the OpenAPI document";
        }

        if (item.Item[method] is not JsonObject operation)
        {
            return status is 404 or 405 ? null : $"{request.Method} {item.Template} answered {status} but is not in the OpenAPI document";
        }

        var responses = operation["responses"]?.AsObject();
        var declared = responses?[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] ?? responses?[$"{status / 100}XX"] ?? responses?["default"];
        var name = $"{request.Method} {item.Template} ({operation["operationId"]})";
        if (declared is null)
        {
            return $"{name} answered {status}, which the OpenAPI document does not declare";
        }

        var mediaType = response.Content.Headers.ContentType?.MediaType;
        var body = await response.Content.ReadAsStringAsync();
        if (request.Method == HttpMethod.Head || body.Length == 0)
        {
            return null;
        }

        if (declared["content"] is not JsonObject content || mediaType is null || content[mediaType] is not JsonObject media)
        {
            return $"{name} answered {status} with {mediaType ?? "an untyped body"}, which the OpenAPI document does not declare for it";
        }

        if (media["schema"] is not JsonObject schema || !IsJson(response))
        {
            return null;
        }

        var key = $"{name} {status} {mediaType}";
        var compiled = schemas.GetOrAdd(key, _ => Compile(schema));
        var result = compiled.Evaluate(JsonDocument.Parse(body).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid)
        {
            return null;
        }

        var errors = (result.Details ?? []).Where(d => d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value} ({d.SchemaLocation})")).Take(5);
        return $"{name} answered {status} with a body its declared schema refuses: {string.Join("; ", errors)}; body: {Shorten(body)}";
    }

    private static bool IsJson(HttpResponseMessage response) =>
        response.Content.Headers.ContentType?.MediaType is { } type && (type == "application/json" || type.EndsWith("+json", StringComparison.Ordinal));

    private static string Shorten(string body) => body.Length > 400 ? body[..400] + "…" : body;

    private JsonSchema Compile(JsonObject schema)
    {
        var root = JsonNode.Parse(schema.ToJsonString().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal))!.AsObject();
        root["$schema"] = "https://json-schema.org/draft/2020-12/schema";
        root["$defs"] = definitions.DeepClone();
        return JsonSchema.FromText(root.ToJsonString(), new BuildOptions { SchemaRegistry = new SchemaRegistry() }, new Uri($"https://accesstokens.test/{Guid.NewGuid():N}"));
    }

    private sealed class ConformingHandler(Uri service, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (request.RequestUri is { } uri && uri.GetLeftPart(UriPartial.Authority) == service.GetLeftPart(UriPartial.Authority)
                && request.Method != HttpMethod.Options)
            {
                await response.Content.LoadIntoBufferAsync(cancellationToken);
                var conformance = await ForAsync(service, new HttpMessageInvoker(InnerHandler!, disposeHandler: false));
                if (await conformance.ViolationAsync(request, response) is { } violation)
                {
                    throw new OpenApiViolationException(violation);
                }
            }

            return response;
        }
    }
}

/// <summary>An answer of the service that its OpenAPI document does not describe.</summary>
public sealed class OpenApiViolationException(string message) : Exception(message);
