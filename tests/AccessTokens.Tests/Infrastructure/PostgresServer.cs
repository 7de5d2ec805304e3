using System.Diagnostics;
using AccessTokens.Api.Hosting;
using Npgsql;

namespace AccessTokens.Tests.Infrastructure;

/// <summary>
/// A private PostgreSQL server for the test run, made from the machine's PostgreSQL binaries on a free
/// loopback port (scripts/test.sh installs them where missing). One shared server serves most tests, each
/// fixture in a database of its own; tests that stop the server start their own.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private static readonly Lazy<Task<PostgresServer>> SharedServer = new(async () =>
    {
        var server = await StartAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.StopAsync().GetAwaiter().GetResult();
        return server;
    });

    private readonly TempDirectory directory;
    private readonly string binaries;
    private bool running;

    private PostgresServer(TempDirectory directory, string binaries, int port)
    {
        this.directory = directory;
        this.binaries = binaries;
        Port = port;
    }

    /// <summary>The server shared by the whole test run, started on first use.</summary>
    public static Task<PostgresServer> Shared => SharedServer.Value;

    /// <summary>The loopback port the server listens on.</summary>
    public int Port { get; }

    /// <summary>Starts a new server of its own.</summary>
    public static async Task<PostgresServer> StartAsync()
    {
        var binaries = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(version => Path.Combine(version, "bin")).FirstOrDefault(bin => File.Exists(Path.Combine(bin, "initdb")))
            : null;
        if (binaries is null)
        {
            throw new InvalidOperationException(
                "PostgreSQL binaries were not found under /usr/lib/postgresql: run the tests with scripts/test.sh, which installs them.");
        }

        var directory = new TempDirectory();
        await RunAsync("chmod", "755", directory.Path);
        if (IsRoot)
        {
            await RunAsync("chown", "postgres", directory.Path);
        }

        var server = new PostgresServer(directory, binaries, FreePort.Next());
        await server.AsPostgresAsync("initdb", "-D", server.DataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync");
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>A connection string for <paramref name="database"/> on this server.</summary>
    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Timeout=5;Command Timeout=30";

    /// <summary>Creates an empty database and returns the store settings that point at it.</summary>
    public async Task<StoreTarget> CreateDatabaseAsync()
    {
        var name = "accesstokens_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new StoreTarget(StorageProvider.PostgreSql, ConnectionString(name));
    }

    /// <summary>Stops the server (fast shutdown: connections are cut).</summary>
    public async Task StopAsync()
    {
        if (running)
        {
            running = false;
            NpgsqlConnection.ClearAllPools();
            await AsPostgresAsync("pg_ctl", "-D", DataDirectory, "-m", "fast", "-w", "stop");
        }
    }

    /// <summary>Starts the stopped server again on the same port and data.</summary>
    public async Task StartAgainAsync()
    {
        await AsPostgresAsync("pg_ctl", "-D", DataDirectory, "-l", Path.Combine(directory.Path, "server.log"), "-w", "-o",
            $"-p {Port} -c listen_addresses=127.0.0.1 -k {directory.Path} -c fsync=off -c max_connections=500", "start");
        running = true;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        directory.Dispose();
    }

    private string DataDirectory => Path.Combine(directory.Path, "data");

    private static bool IsRoot => Environment.UserName == "root";

    private Task AsPostgresAsync(string program, params string[] arguments) =>
        IsRoot
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(binaries, program), .. arguments])
            : RunAsync(Path.Combine(binaries, program), arguments);

    private static async Task RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await output} {await error}");
        }
    }
}
