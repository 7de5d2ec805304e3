using System.Diagnostics;
using AccessTokens.Settings;
using Npgsql;

namespace AccessTokens.Tests.Infrastructure;

/// <summary>
/// A private PostgreSQL server for the test run, made from the machine's PostgreSQL binaries on a free
/// loopback port (scripts/test.sh installs them where missing). One shared server serves most tests, each
/// fixture in a database of its own; tests that stop the server start their own.
/// The server runs under a small shell that holds the read end of a pipe from the test process and stops the server
/// (fast shutdown) when it reads a line or the end of the pipe: however the test process ends, even killed, its servers
/// end with it, and nothing has to look for them by name afterwards.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private static readonly Lazy<Task<PostgresServer>> SharedServer = new(StartAsync);

    // Runs the server in the background, then stops it when the test process writes a line or its end of the pipe closes.
    private const string Watchdog = "log=$0; \"$@\" >>\"$log\" 2>&1 & server=$!; read -r _; kill -INT \"$server\"; wait \"$server\"";

    private readonly TempDirectory directory;
    private readonly string binaries;
    private Process? watchdog;

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

    /// <summary>Stops the server (fast shutdown: connections are cut) and waits until it has ended.</summary>
    public async Task StopAsync()
    {
        if (watchdog is { } running)
        {
            watchdog = null;
            NpgsqlConnection.ClearAllPools();
            await running.StandardInput.WriteLineAsync();
            running.StandardInput.Close();
            await running.WaitForExitAsync();
            running.Dispose();
        }
    }

    /// <summary>Starts the stopped server again on the same port and data, and waits until it accepts connections.</summary>
    public async Task StartAgainAsync()
    {
        string[] server =
        [
            Path.Combine(binaries, "postgres"), "-D", DataDirectory, "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-c", "listen_addresses=127.0.0.1", "-k", directory.Path, "-c", "fsync=off", "-c", "max_connections=500",
        ];
        var start = new ProcessStartInfo(IsRoot ? "runuser" : "sh") { RedirectStandardInput = true };
        string[] asPostgres = IsRoot ? ["-u", "postgres", "--", "sh"] : [];
        foreach (var argument in (string[])[.. asPostgres, "-c", Watchdog, Path.Combine(directory.Path, "server.log"), .. server])
        {
            start.ArgumentList.Add(argument);
        }

        watchdog = Process.Start(start)!;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await AcceptsConnectionsAsync())
        {
            if (watchdog.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"PostgreSQL did not start on port {Port}: {ReadLog()}");
            }

            await Task.Delay(50);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        directory.Dispose();
    }

    private string DataDirectory => Path.Combine(directory.Path, "data");

    private async Task<bool> AcceptsConnectionsAsync()
    {
        var ready = new ProcessStartInfo(Path.Combine(binaries, "pg_isready"), ["-q", "-h", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        using var check = Process.Start(ready)!;
        await check.WaitForExitAsync();
        return check.ExitCode == 0;
    }

    private string ReadLog()
    {
        var log = Path.Combine(directory.Path, "server.log");
        return File.Exists(log) ? File.ReadAllText(log) : "(no log)";
    }

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
