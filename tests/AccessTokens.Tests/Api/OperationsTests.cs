using System.Net;
using AccessTokens.Tests.Infrastructure;

namespace AccessTokens.Tests.Api;

public abstract class OperationsTests(ApiFixture fixture)
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_endpoints_answer_without_credentials(string path)
    {
        var response = await fixture.Host.Anonymous.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OpenApi_document_describes_every_endpoint()
    {
        var document = await Problem.JsonAsync(await fixture.Host.Anonymous.GetAsync("/openapi/v1.json"));
        var paths = document.GetProperty("paths");
        foreach (var path in new[]
        {
            "/api/v1/users", "/api/v1/users/{login}", "/api/v1/access-tokens", "/api/v1/access-tokens/{id}", "/api/v1/access-tokens/self",
            "/api/v1/auth/check", "/api/v1/resources", "/api/v1/resources/{name}", "/api/v1/profiles", "/api/v1/profiles/{name}",
            "/api/v1/audit", "/oauth2/introspect", "/oauth2/revoke", "/auth/forward",
        })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is missing from the OpenAPI document");
        }
    }
}

[Collection(SqliteApiCollection.Name)]
[Trait(Tier.Name, Tier.Fast)]
public sealed class OperationsOnSqliteTests(SqliteApiFixture fixture) : OperationsTests(fixture);

[Collection(PostgresApiCollection.Name)]
public sealed class OperationsOnPostgresTests(PostgresApiFixture fixture) : OperationsTests(fixture);
