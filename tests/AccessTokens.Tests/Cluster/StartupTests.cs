using AccessTokens.Settings;
using AccessTokens.Silo.Storage;
using AccessTokens.Tests.Infrastructure;

namespace AccessTokens.Tests.Cluster;

public sealed class StartupTests
{
    private static readonly TimeSpan Quickly = TimeSpan.FromSeconds(60);

    public static TheoryData<string[], string> WrongConfigurations() => new()
    {
        { ["--Cluster:Provider=AdoNet"], "Cluster:Provider=AdoNet needs Storage:Provider=PostgreSql or SqlServer" },
        { ["--Storage:Provider=PostgreSql"], "Storage:ConnectionString is required with Storage:Provider=PostgreSql" },
        { ["--Storage:Provider=Oracle"], "Storage:Provider must be Sqlite, PostgreSql or SqlServer" },
        { ["--Cluster:Provider=Zookeeper"], "Cluster:Provider must be Localhost or AdoNet" },
        { ["--AccessTokens:TimeZone=Mars/Olympus"], "AccessTokens:TimeZone must be an IANA time zone id" },
        { ["--Storage:Provider=PostgreSql", $"--Storage:ConnectionString=Host=127.0.0.1;Port={FreePort.Next()};Username=postgres;Database=none;Timeout=3"], "Cannot reach the PostgreSql store" },
    };

    [Theory]
    [MemberData(nameof(WrongConfigurations))]
    public async Task A_wrong_configuration_stops_the_silo_with_one_clear_message(string[] arguments, string message)
    {
        using var directory = new TempDirectory();
        var (exitCode, _, error) = await SiloProcess.RunToEndAsync(Quickly,
            [.. arguments, $"--urls=http://127.0.0.1:{FreePort.Next()}", $"--Cluster:SiloPort={FreePort.Next()}", $"--Cluster:GatewayPort={FreePort.Next()}"]);

        Assert.Equal(2, exitCode);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(message, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Settings_come_from_environment_variables_too()
    {
        var environment = new Dictionary<string, string>
        {
            ["Storage__Provider"] = "PostgreSql",
            ["Storage__ConnectionString"] = $"Host=127.0.0.1;Port={FreePort.Next()};Username=postgres;Database=none;Timeout=3",
            ["Cluster__Provider"] = "AdoNet",
        };

        var (exitCode, _, error) = await SiloProcess.RunToEndAsync(Quickly, environment,
            $"--urls=http://127.0.0.1:{FreePort.Next()}", $"--Cluster:SiloPort={FreePort.Next()}", $"--Cluster:GatewayPort={FreePort.Next()}");

        Assert.Equal(2, exitCode);
        Assert.Contains("Cannot reach the PostgreSql store", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Silos_starting_together_on_an_empty_database_apply_the_schema_once()
    {
        var store = await (await PostgresServer.Shared).CreateDatabaseAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => StoreSchema.ApplyAsync(store.Settings, CancellationToken.None)));

        var latest = StoreSchema.LatestVersion(StorageProvider.PostgreSql);
        Assert.All(results, result => Assert.Equal(latest, result.Version));
        Assert.Equal(StoreSchema.Scripts(StorageProvider.PostgreSql).Count, results.Sum(result => result.Applied));
        Assert.Equal(latest, await StoreSchema.CurrentVersionAsync(store.Settings, CancellationToken.None));
    }

    [Fact]
    public async Task An_up_to_date_schema_is_left_alone()
    {
        var store = await (await PostgresServer.Shared).CreateDatabaseAsync();
        await StoreSchema.ApplyAsync(store.Settings, CancellationToken.None);

        var again = await StoreSchema.ApplyAsync(store.Settings, CancellationToken.None);

        Assert.Equal(0, again.Applied);
    }

    [Fact]
    public async Task The_migrate_command_creates_the_schema_and_a_silo_without_schema_rights_refuses_an_old_one()
    {
        var store = await (await PostgresServer.Shared).CreateDatabaseAsync();
        string[] ports = [$"--urls=http://127.0.0.1:{FreePort.Next()}", $"--Cluster:SiloPort={FreePort.Next()}", $"--Cluster:GatewayPort={FreePort.Next()}"];

        var refused = await SiloProcess.RunToEndAsync(Quickly, [.. store.Arguments, "--Storage:ApplySchema=false", .. ports]);
        var migrated = await SiloProcess.RunToEndAsync(Quickly, ["migrate", .. store.Arguments]);

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("migrate", refused.Error, StringComparison.Ordinal);
        Assert.Equal(0, migrated.ExitCode);
        Assert.Contains($"PostgreSql store schema at version {StoreSchema.LatestVersion(StorageProvider.PostgreSql)}", migrated.Output, StringComparison.Ordinal);
        Assert.Equal(StoreSchema.LatestVersion(StorageProvider.PostgreSql), await StoreSchema.CurrentVersionAsync(store.Settings, CancellationToken.None));
    }
}
