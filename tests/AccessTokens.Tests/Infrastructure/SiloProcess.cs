using System.Diagnostics;
using System.Net;
using System.Text;

namespace AccessTokens.Tests.Infrastructure;

/// <summary>
/// A silo (with its co-hosted API) or an API front end running as a separate process from this build's
/// output, on loopback ports, so tests can kill it with SIGKILL or stop it with SIGTERM like an operator.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private SiloProcess(string name, Process process, Uri address, int gatewayPort)
    {
        Name = name;
        this.process = process;
        Address = address;
        GatewayPort = gatewayPort;
        Anonymous = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
        Admin = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
        Admin.DefaultRequestHeaders.Authorization = ServiceHost.Basic("admin", ServiceHost.AdminPassword);
    }

    /// <summary>A name for messages.</summary>
    public string Name { get; }

    /// <summary>The HTTP address.</summary>
    public Uri Address { get; }

    /// <summary>The gateway port (silos only).</summary>
    public int GatewayPort { get; }

    /// <summary>A client with no credentials.</summary>
    public HttpClient Anonymous { get; }

    /// <summary>A client authenticated as the bootstrap administrator (Basic).</summary>
    public HttpClient Admin { get; }

    /// <summary>Everything the process wrote so far.</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>True once the process has ended.</summary>
    public bool HasExited => process.HasExited;

    /// <summary>Starts a silo of a PostgreSQL cluster and waits until it is ready.</summary>
    public static async Task<SiloProcess> StartSiloAsync(string name, StoreTarget store, string clusterId, params string[] extra)
    {
        var gatewayPort = FreePort.Next();
        var silo = Start(name, "AccessTokens.Silo.dll", gatewayPort,
        [
            .. store.Arguments,
            "--Cluster:Provider=AdoNet",
            $"--Cluster:ClusterId={clusterId}",
            $"--Cluster:SiloPort={FreePort.Next()}",
            $"--Cluster:GatewayPort={gatewayPort}",
            "--Cluster:AdvertisedAddress=127.0.0.1",
            "--Cluster:ProbeTimeout=00:00:01",
            $"--Bootstrap:AdminPassword={ServiceHost.AdminPassword}",
            .. extra,
        ]);
        await silo.WaitReadyAsync();
        return silo;
    }

    /// <summary>Starts a separate API front end of a PostgreSQL cluster and waits until it is ready.</summary>
    public static async Task<SiloProcess> StartFrontEndAsync(string name, StoreTarget store, string clusterId)
    {
        var frontEnd = Start(name, "AccessTokens.Api.dll", 0, [.. store.Arguments, "--Cluster:Provider=AdoNet", $"--Cluster:ClusterId={clusterId}"]);
        await frontEnd.WaitReadyAsync();
        return frontEnd;
    }

    /// <summary>
    /// Starts the one-process service as the README runs it, from <paramref name="workingDirectory"/>, with the log
    /// levels it ships with (none set by the test), on its default SQLite store under that folder; with
    /// <paramref name="generatedAdminPassword"/>, no administrator password is configured.
    /// </summary>
    public static async Task<SiloProcess> StartEmbeddedAsync(string name, string workingDirectory, bool generatedAdminPassword = false)
    {
        var gatewayPort = FreePort.Next();
        string[] password = generatedAdminPassword ? [] : [$"--Bootstrap:AdminPassword={ServiceHost.AdminPassword}"];
        var silo = Start(name, "AccessTokens.Silo.dll", gatewayPort,
            [$"--Cluster:SiloPort={FreePort.Next()}", $"--Cluster:GatewayPort={gatewayPort}", .. password],
            workingDirectory, shippedLogLevels: true);
        await silo.WaitReadyAsync();
        return silo;
    }

    /// <summary>Starts a separate front end of a one-silo service from <paramref name="workingDirectory"/>, with its shipped log levels.</summary>
    public static async Task<SiloProcess> StartLocalFrontEndAsync(string name, int gatewayPort, string workingDirectory)
    {
        var frontEnd = Start(name, "AccessTokens.Api.dll", 0, [$"--Cluster:GatewayPort={gatewayPort}"], workingDirectory, shippedLogLevels: true);
        await frontEnd.WaitReadyAsync();
        return frontEnd;
    }

    /// <summary>Runs the silo program to its end with <paramref name="arguments"/>; returns its exit code, standard output and error.</summary>
    public static Task<(int ExitCode, string Output, string Error)> RunToEndAsync(TimeSpan timeout, params string[] arguments) =>
        RunToEndAsync(timeout, new Dictionary<string, string>(), arguments);

    /// <summary>Runs the silo program to its end with <paramref name="arguments"/> and <paramref name="environment"/> variables.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunToEndAsync(
        TimeSpan timeout, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = StartInfo("AccessTokens.Silo.dll", arguments);
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The silo program did not end within {timeout}: {await stdout} {await stderr}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Kills the process at once (SIGKILL): no shutdown code runs.</summary>
    public void Kill() => process.Kill(entireProcessTree: true);

    /// <summary>Asks the process to stop (SIGTERM), as an orchestrator does in a rolling restart, and waits for it to end.</summary>
    public async Task StopAsync()
    {
        if (!process.HasExited)
        {
            using (var signal = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await signal.WaitForExitAsync();
            }

            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            await process.WaitForExitAsync(cancel.Token);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            Kill();
            await process.WaitForExitAsync();
        }

        process.Dispose();
        Anonymous.Dispose();
        Admin.Dispose();
    }

    private static SiloProcess Start(
        string name, string program, int gatewayPort, string[] arguments, string? workingDirectory = null, bool shippedLogLevels = false)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var start = StartInfo(program, [$"--urls={address}", .. arguments]);
        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        if (shippedLogLevels)
        {
            start.Environment.Remove("Logging__LogLevel__Default");
            start.Environment.Remove("Logging__LogLevel__AccessTokens");
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var started = new SiloProcess(name, process, address, gatewayPort);
        process.OutputDataReceived += (_, line) => started.Append(line.Data);
        process.ErrorDataReceived += (_, line) => started.Append(line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    private static ProcessStartInfo StartInfo(string program, string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, program));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Several silos share two cores with the test run: workstation GC keeps each process small.
        start.Environment["DOTNET_gcServer"] = "0";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__AccessTokens"] = "Information";
        return start;
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private async Task WaitReadyAsync()
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with {process.ExitCode} before it was ready:\n{Output}");
            }

            try
            {
                using var response = await Anonymous.GetAsync("/health/ready");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (clock.Elapsed > TimeSpan.FromSeconds(120))
            {
                throw new TimeoutException($"{Name} was not ready after two minutes:\n{Output}");
            }

            await Task.Delay(100);
        }
    }
}
