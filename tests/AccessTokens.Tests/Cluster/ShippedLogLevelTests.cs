using System.Net;
using AccessTokens.Tests.Infrastructure;

namespace AccessTokens.Tests.Cluster;

/// <summary>The log levels the service ships with hold wherever its command is started from.</summary>
public sealed class ShippedLogLevelTests : IDisposable
{
    private readonly TempDirectory directory = new();

    [Fact]
    public async Task Started_from_any_folder_the_silo_and_the_front_end_log_what_they_did_but_not_every_request()
    {
        await using var silo = await SiloProcess.StartEmbeddedAsync("silo", directory.Path);
        await using var frontEnd = await SiloProcess.StartLocalFrontEndAsync("front end", silo.GatewayPort, directory.Path);
        foreach (var service in new[] { silo, frontEnd })
        {
            Assert.Equal(HttpStatusCode.OK, (await service.Admin.GetAsync("/api/v1/users")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await service.Anonymous.GetAsync("/api/v1/auth/check?resource=requests")).StatusCode);
            foreach (var refused in new[] { $"Bearer {AccessTokens.Tokens.TokenValue.Generate("smat").Value}", "Bearer smat_not-a-token", "Basic bm9ib2R5Ondyb25n" })
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/auth/check?resource=requests");
                request.Headers.TryAddWithoutValidation("Authorization", refused);
                Assert.Equal(HttpStatusCode.Unauthorized, (await service.Anonymous.SendAsync(request)).StatusCode);
            }
        }

        await silo.StopAsync();
        await frontEnd.StopAsync();

        // The data path stays relative to the folder the command ran from; the service's own events are logged.
        Assert.True(File.Exists(Path.Combine(directory.Path, "data", "accesstokens.db")), "the store is under ./data of the working folder");
        Assert.Contains("Now listening on", silo.Output, StringComparison.Ordinal);
        Assert.Contains("Now listening on", frontEnd.Output, StringComparison.Ordinal);
        Assert.Contains("First start on an empty store", silo.Output, StringComparison.Ordinal);
        foreach (var service in new[] { silo, frontEnd })
        {
            Assert.DoesNotContain("Executing endpoint", service.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("Request starting", service.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("Microsoft.AspNetCore.Routing", service.Output, StringComparison.Ordinal);

            // Refused checks write no line each: the refusals are summed up once a minute (and at stop).
            Assert.DoesNotContain("AccessTokens.Api.Authentication.CredentialVerifier", service.Output, StringComparison.Ordinal);
            Assert.Contains("3 credentials refused in the last 1 minute(s)", service.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_generated_administrator_password_is_handed_over_in_a_private_file_and_never_logged()
    {
        await using var silo = await SiloProcess.StartEmbeddedAsync("silo", directory.Path, generatedAdminPassword: true);
        var file = Path.Combine(directory.Path, "data", "initial-admin-password");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        var password = (await File.ReadAllTextAsync(file)).Trim();
        Assert.True(password.Length >= 20, "a generated password is long");
        using var admin = new HttpClient { BaseAddress = silo.Address };
        admin.DefaultRequestHeaders.Authorization = ServiceHost.Basic("admin", password);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/users")).StatusCode);

        await silo.StopAsync();
        Assert.Contains(file, silo.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(password, silo.Output, StringComparison.Ordinal);
    }

    public void Dispose() => directory.Dispose();
}
