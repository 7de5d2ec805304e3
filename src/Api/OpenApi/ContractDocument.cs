using System.Text.Json.Nodes;
using AccessTokens.Api.AdminScreen;
using AccessTokens.Tokens;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace AccessTokens.Api.OpenApi;

/// <summary>
/// The OpenAPI document at <c>/openapi/v1.json</c>, made true to what the service answers. Each operation declares the
/// answers its endpoint declares (see <see cref="ProblemResponses"/>) and those every endpoint of its kind can give:
/// <list type="bullet">
/// <item>every operation: 503 (the cluster or the store did not answer) and 431 (headers over the server's limits);</item>
/// <item>an operation with a body: 400 and 415; with query parameters: 400;</item>
/// <item>an operation that needs credentials: 401, 403 and 429 (a locked address), and the schemes that pass;</item>
/// <item>an operation with a path parameter: 404.</item>
/// </list>
/// Problem bodies are RFC 9457 objects with the request's <c>traceId</c> and room for extension members. The API tests
/// hold every answer they receive to this document, so it cannot drift from the service.
/// </summary>
public static class ContractDocument
{
    /// <summary>Bearer access tokens, the recommended credentials.</summary>
    public const string Bearer = "bearer";

    /// <summary>Basic login and password.</summary>
    public const string Basic = "basic";

    /// <summary>The admin screen's session cookie (with its anti-forgery header on changes).</summary>
    public const string Screen = "screen";

    private const string ProblemJson = "application/problem+json";

    private static readonly Dictionary<string, string> TagDescriptions = new()
    {
        ["Checks"] = "Whether the credentials of a request pass: for resource servers and proxies, answered from memory",
        ["Access tokens"] = "Issue, list, read and revoke tokens (tokens.admin)",
        ["Standards"] = "RFC 7662 introspection and RFC 7009 revocation, for OAuth client libraries",
        ["Audit"] = "The audit trail of administrative actions and refused sign-ins (users.admin)",
        ["Users"] = "Users, their profiles and passwords (users.admin)",
        ["Profiles"] = "What a profile's users may do: permissions and access to each resource",
        ["Resources"] = "The catalogue of REST API resources tokens open, with their path prefixes",
        ["Admin screen"] = "Sign-in, session and settings of the web screen",
        ["Health"] = "Liveness and readiness, for load balancers and orchestrators",
    };

    /// <summary>Adds the document with its transformers.</summary>
    public static IServiceCollection AddContractDocument(this IServiceCollection services) => services.AddOpenApi(options =>
    {
        options.AddSchemaTransformer((schema, context, _) =>
        {
            if (context.JsonTypeInfo.Type == typeof(ProblemDetails) || context.JsonTypeInfo.Type == typeof(HttpValidationProblemDetails))
            {
                schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
                schema.Properties["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The request's trace id, to find it in the service's logs." };
                schema.AdditionalPropertiesAllowed = true;
                schema.AdditionalProperties = null;
            }

            if (context.JsonTypeInfo.Type == typeof(Quota) && schema.Properties is { } quota)
            {
                // A nullable enum is described as the enum alone; null means a quota that never refills.
                quota["refill"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.String | JsonSchemaType.Null,
                    Enum = [JsonValue.Create("daily"), JsonValue.Create("monthly"), null!],
                    Description = "When the uses come back, at midnight in the service time zone: daily, monthly, or null for never.",
                };
            }

            return Task.CompletedTask;
        });
        options.AddOperationTransformer(async (operation, context, cancellationToken) =>
        {
            var description = context.Description;
            var metadata = description.ActionDescriptor.EndpointMetadata;
            var problem = await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), null, cancellationToken);
            operation.Responses ??= [];
            void Declare(int status, string meaning)
            {
                var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (!operation.Responses.ContainsKey(key))
                {
                    operation.Responses[key] = new OpenApiResponse
                    {
                        Description = meaning,
                        Content = new Dictionary<string, OpenApiMediaType> { [ProblemJson] = new() { Schema = problem } },
                    };
                }
            }

            if (metadata.OfType<FormRequestBody>().FirstOrDefault() is { } form)
            {
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        [FormRequestBody.ContentType] = new() { Schema = await context.GetOrCreateSchemaAsync(form.Type, null, cancellationToken) },
                    },
                };
            }

            Declare(StatusCodes.Status503ServiceUnavailable, "The cluster or the store did not answer; nothing was changed unless the problem says otherwise");
            operation.Responses.TryAdd("431", new OpenApiResponse { Description = "Request headers over the server's limits" });
            if (description.ParameterDescriptions.Any(p => p.Source.Id == "Body"))
            {
                Declare(StatusCodes.Status400BadRequest, "The body is not valid");
                Declare(StatusCodes.Status415UnsupportedMediaType, "The body is not JSON");
            }

            if (description.ParameterDescriptions.Any(p => p.Source.Id == "Query"))
            {
                Declare(StatusCodes.Status400BadRequest, "A query parameter is not valid");
            }

            if (description.ParameterDescriptions.Any(p => p.Source.Id == "Path"))
            {
                Declare(StatusCodes.Status404NotFound, "Nothing by that name");
            }

            var schemes = metadata.OfType<AcceptedCredentials>().FirstOrDefault()?.Schemes;
            if (schemes is null && metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
            {
                schemes = [Bearer, Basic, Screen];
            }

            if (schemes is null)
            {
                // Open to anyone, said explicitly.
                operation.Security = [new OpenApiSecurityRequirement()];
            }
            else
            {
                Declare(StatusCodes.Status401Unauthorized, "No credentials, or credentials refused (see WWW-Authenticate)");
                Declare(StatusCodes.Status403Forbidden, "The credentials do not give this right");
                Declare(StatusCodes.Status429TooManyRequests, "Too many failed attempts from this address or for this login (see Retry-After)");
                operation.Security = schemes.Select(scheme => Requirement(scheme, context.Document!)).ToList();
            }
        });
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
            {
                [Bearer] = new OpenApiSecurityScheme { Type = SecuritySchemeType.Http, Scheme = "bearer", Description = "An access token: `Authorization: Bearer smat_…`" },
                [Basic] = new OpenApiSecurityScheme { Type = SecuritySchemeType.Http, Scheme = "basic", Description = "Login and password (form-urlencoded first at the OAuth endpoints, RFC 6749 §2.3.1, or plain)" },
                [Screen] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Cookie, Name = AdminCookie.CookieName,
                    Description = "The admin screen's session cookie, from POST /ui/sign-in; changes also need the anti-forgery header of GET /ui/antiforgery",
                },
            };
            // Clients call the service where they read the document, not the address the document was first served on.
            document.Servers = [new OpenApiServer { Url = "/" }];
            document.Tags ??= new HashSet<OpenApiTag>();
            document.Tags.Add(new OpenApiTag { Name = "Health" });
            foreach (var tag in document.Tags)
            {
                tag.Description ??= TagDescriptions.GetValueOrDefault(tag.Name ?? string.Empty);
            }

            document.Paths ??= [];
            document.Paths["/health/live"] = Health(document, "The process answers", "HealthLive");
            document.Paths["/health/ready"] = Health(document, "The cluster and the store answer: route traffic here", "HealthReady");
            document.Paths["/auth/forward/{path}"] = ForwardByPath(document);
            return Task.CompletedTask;
        });
    });

    private static OpenApiPathItem Health(OpenApiDocument document, string summary, string operationId) => new()
    {
        Operations = new Dictionary<HttpMethod, OpenApiOperation>
        {
            [HttpMethod.Get] = new()
            {
                OperationId = operationId,
                Summary = summary,
                Tags = new HashSet<OpenApiTagReference> { new("Health", document) },
                Security = [new OpenApiSecurityRequirement()],
                Responses = new OpenApiResponses
                {
                    ["200"] = PlainText("Healthy"),
                    ["503"] = PlainText("Unhealthy"),
                },
            },
        },
    };

    // Envoy's ext_authz appends the original path and sends the original method: one operation per method.
    private static OpenApiPathItem ForwardByPath(OpenApiDocument document)
    {
        OpenApiResponse Problem(string meaning) => new()
        {
            Description = meaning,
            Content = new Dictionary<string, OpenApiMediaType> { [ProblemJson] = new() { Schema = new OpenApiSchemaReference(nameof(ProblemDetails), document) } },
        };
        var item = new OpenApiPathItem
        {
            Parameters =
            [
                new OpenApiParameter
                {
                    Name = "path", In = ParameterLocation.Path, Required = true, Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                    Description = "The original request's path, without its leading slash (it may hold further slashes)",
                },
            ],
            Operations = new Dictionary<HttpMethod, OpenApiOperation>(),
        };
        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Head, HttpMethod.Post, HttpMethod.Put, HttpMethod.Patch, HttpMethod.Delete })
        {
            var name = method.Method[..1] + method.Method[1..].ToLowerInvariant();
            item.Operations[method] = new OpenApiOperation
            {
                OperationId = "ForwardAuthByPath" + name,
                Summary = $"Forward authentication of a {method.Method} to the appended path (Envoy ext_authz path_prefix)",
                Tags = new HashSet<OpenApiTagReference> { new("Checks", document) },
                Security = [Requirement(Bearer, document), Requirement(Basic, document)],
                Responses = new OpenApiResponses
                {
                    ["200"] = new OpenApiResponse { Description = "Allowed: X-Auth-User, X-Auth-Token-Id and X-Auth-Resource name who and what" },
                    ["400"] = Problem("The path or the credentials cannot be read"),
                    ["401"] = Problem("No credentials, or credentials refused (see WWW-Authenticate)"),
                    ["403"] = Problem("The credentials do not open this path with this method"),
                    ["429"] = Problem("Too many failed attempts for this login (see Retry-After)"),
                    ["431"] = new OpenApiResponse { Description = "Request headers over the server's limits" },
                    ["503"] = Problem("The cluster or the store did not answer"),
                },
            };
        }

        return item;
    }

    private static OpenApiSecurityRequirement Requirement(string scheme, OpenApiDocument document) =>
        new() { [new OpenApiSecuritySchemeReference(scheme, document)] = [] };

    private static OpenApiResponse PlainText(string text) => new()
    {
        Description = text,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["text/plain"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create(text)] } },
        },
    };
}

/// <summary>
/// Endpoint metadata for an endpoint that reads credentials itself (it allows anonymous calls and answers 401 on its
/// own): the security schemes it accepts, for the OpenAPI document.
/// </summary>
public sealed class AcceptedCredentials(params string[] schemes)
{
    /// <summary>The schemes, by their names in the document.</summary>
    public IReadOnlyList<string> Schemes { get; } = schemes;
}

/// <summary>
/// Endpoint metadata for an endpoint that reads an <c>application/x-www-form-urlencoded</c> body itself (so that any
/// other body is its own 400, not the framework's 415): the form's fields, for the OpenAPI document.
/// </summary>
public sealed class FormRequestBody(Type type)
{
    /// <summary>The form's media type.</summary>
    public const string ContentType = "application/x-www-form-urlencoded";

    /// <summary>The type whose properties are the form's fields.</summary>
    public Type Type { get; } = type;
}

/// <summary>Declares the problem answers an endpoint gives beyond those its kind gives (see <see cref="ContractDocument"/>).</summary>
public static class ProblemResponses
{
    /// <summary>The endpoint answers each of <paramref name="statuses"/> with a problem.</summary>
    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            builder.ProducesProblem(status);
        }

        return builder;
    }

    /// <summary>A change the grains may refuse: 400, 403 (rights the caller lacks), 404 and 409 (a conflict with what is stored).</summary>
    public static RouteHandlerBuilder ProducesFailures(this RouteHandlerBuilder builder) =>
        builder.ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
}
