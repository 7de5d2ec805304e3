using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AccessTokens.Tests.Infrastructure;

namespace AccessTokens.Tests.Api;

/// <summary>
/// The served OpenAPI document passes a real validator, says what the contract says, and every answer the API tests
/// receive is held to it (see <see cref="OpenApiConformance"/>).
/// </summary>
[Collection(SqliteApiCollection.Name)]
public sealed class OpenApiDocumentTests(SqliteApiFixture fixture) : IDisposable
{
    private readonly TempDirectory directory = new();

    [Fact]
    public async Task The_served_document_passes_redocly_lint_with_its_recommended_rules()
    {
        var file = directory.File("openapi.json");
        await File.WriteAllTextAsync(file, await fixture.Host.Anonymous.GetStringAsync("/openapi/v1.json"));
        var redocly = Path.Combine(Repository.Root, "artifacts", "tools", "node_modules", ".bin", "redocly");
        if (!File.Exists(redocly))
        {
            // The test command installs it; a missing validator is a failure, never a skip.
            throw new InvalidOperationException($"{redocly} is missing: run the tests with scripts/test.sh, which installs @redocly/cli.");
        }

        var start = new ProcessStartInfo(redocly, ["lint", file, "--extends=recommended", "--format=json"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        var report = JsonNode.Parse((await output)[(await output).IndexOf('{', StringComparison.Ordinal)..])!;
        var problems = report["problems"]!.AsArray().Where(p => (string?)p!["severity"] == "error").Select(p => $"{p!["ruleId"]}: {p["message"]}");
        Assert.True((int)report["totals"]!["errors"]! == 0, string.Join("\n", problems) + await errors);
        Assert.Equal(0, process.ExitCode);
    }

    [Fact]
    public async Task The_document_says_what_the_contract_says()
    {
        var document = JsonNode.Parse(await fixture.Host.Anonymous.GetStringAsync("/openapi/v1.json"))!;
        var schemas = document["components"]!["schemas"]!;
        Assert.Equal(["name", "user", "resources"], Strings(schemas["CreateAccessTokenBody"]!["required"]));
        Assert.Equal(["login", "name"], Strings(schemas["CreateUserBody"]!["required"]));
        Assert.Null(schemas["UpdateUserBody"]!["required"]);
        Assert.Equal("string", (string?)schemas["ProblemDetails"]!["properties"]!["traceId"]!["type"]);

        var schemes = document["components"]!["securitySchemes"]!.AsObject();
        Assert.Equal(["basic", "bearer", "screen"], schemes.Select(pair => pair.Key).Order());
        foreach (var path in new[] { "/oauth2/introspect", "/oauth2/revoke" })
        {
            var form = document["paths"]![path]!["post"]!["requestBody"]!["content"]!["application/x-www-form-urlencoded"];
            Assert.NotNull(form);
        }

        var check = document["paths"]!["/api/v1/auth/check"]!["get"]!;
        Assert.Equal(["bearer", "basic"], check["security"]!.AsArray().Select(r => r!.AsObject().Single().Key));
        Assert.Equal(["200", "400", "401", "403", "429", "431", "503"], check["responses"]!.AsObject().Select(pair => pair.Key).Order());
        var users = document["paths"]!["/api/v1/users/{login}"]!["get"]!;
        Assert.Contains("404", users["responses"]!.AsObject().Select(pair => pair.Key));
        Assert.NotNull(document["paths"]!["/health/ready"]!["get"]);
        Assert.NotNull(document["paths"]!["/auth/forward/{path}"]!["delete"]);
    }

    [Fact]
    public async Task An_answer_the_document_does_not_describe_is_a_violation()
    {
        var conformance = OpenApiConformance.Of(JsonNode.Parse("""
            {
              "openapi": "3.1.1",
              "paths": {
                "/things/{id}": { "get": { "operationId": "GetThing", "responses": {
                  "200": { "description": "ok", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Thing" } } } } } } }
              },
              "components": { "schemas": {
                "Thing": { "type": "object", "properties": { "name": { "type": "string" } }, "required": ["name"], "additionalProperties": false } } }
            }
            """)!.AsObject());

        Assert.Null(await conformance.ViolationAsync(Get("/things/1"), Answer(HttpStatusCode.OK, """{"name":"a"}""")));
        Assert.Contains("does not declare", await conformance.ViolationAsync(Get("/things/1"), Answer(HttpStatusCode.Conflict, """{"title":"x"}""")));
        Assert.Contains("schema refuses", await conformance.ViolationAsync(Get("/things/1"), Answer(HttpStatusCode.OK, """{"name":1}""")));
        Assert.Contains("schema refuses", await conformance.ViolationAsync(Get("/things/1"), Answer(HttpStatusCode.OK, """{"name":"a","extra":true}""")));
        Assert.Contains("not in the OpenAPI document", await conformance.ViolationAsync(Get("/others/1"), Answer(HttpStatusCode.OK, "{}")));
        Assert.Contains("not in the OpenAPI document", await conformance.ViolationAsync(new HttpRequestMessage(HttpMethod.Delete, "http://service/things/1"), Answer(HttpStatusCode.OK, "{}")));
    }

    /// <inheritdoc />
    public void Dispose() => directory.Dispose();

    private static HttpRequestMessage Get(string path) => new(HttpMethod.Get, "http://service" + path);

    private static HttpResponseMessage Answer(HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    private static IEnumerable<string?> Strings(JsonNode? array) => array!.AsArray().Select(node => (string?)node);
}
