using System.Diagnostics;
using System.Net.Sockets;

namespace AccessTokens.Tests.Infrastructure;

/// <summary>
/// A real nginx (Debian's package, installed by the test command) on a free loopback port, in the foreground as
/// a child of the test process, with the configuration the README gives for <c>auth_request</c>.
/// </summary>
public sealed class NginxServer : IAsyncDisposable
{
    /// <summary>Where Debian installs nginx.</summary>
    public const string Executable = "/usr/sbin/nginx";

    private readonly Process process;
    private readonly TempDirectory directory;

    private NginxServer(Process process, TempDirectory directory, Uri address)
    {
        this.process = process;
        this.directory = directory;
        Address = address;
    }

    /// <summary>The proxy's base address.</summary>
    public Uri Address { get; }

    /// <summary>Starts nginx in front of <paramref name="upstream"/>, asking <paramref name="service"/> about every request.</summary>
    public static async Task<NginxServer> StartAsync(Uri service, Uri upstream)
    {
        if (!File.Exists(Executable))
        {
            // Under CI the test command installs nginx; a missing binary is a failure, never a skip.
            throw new InvalidOperationException($"{Executable} is missing: run the tests with scripts/test.sh, which installs nginx-light.");
        }

        var directory = new TempDirectory();
        var port = FreePort.Next();
        var config = directory.File("nginx.conf");
        await File.WriteAllTextAsync(config, Configuration(directory.Path, port, service, upstream));
        var process = Process.Start(new ProcessStartInfo(Executable, ["-p", directory.Path, "-c", config, "-e", directory.File("error.log")])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        var server = new NginxServer(process, directory, new Uri($"http://127.0.0.1:{port}"));
        await server.WaitUntilListeningAsync(port);
        return server;
    }

    /// <summary>The configuration: the README's <c>auth_request</c> block, with this test's ports and folders.</summary>
    public static string Configuration(string folder, int port, Uri service, Uri upstream) => $$"""
        daemon off;
        master_process off;
        worker_processes 1;
        pid {{folder}}/nginx.pid;
        events { worker_connections 64; }
        http {
          access_log off;
          client_body_temp_path {{folder}}/body;
          proxy_temp_path {{folder}}/proxy;
          fastcgi_temp_path {{folder}}/fastcgi;
          uwsgi_temp_path {{folder}}/uwsgi;
          scgi_temp_path {{folder}}/scgi;
          server {
            listen 127.0.0.1:{{port}};
            location / {
              auth_request /_accesstokens;
              auth_request_set $auth_user $upstream_http_x_auth_user;
              auth_request_set $auth_token_id $upstream_http_x_auth_token_id;
              proxy_set_header X-Auth-User $auth_user;
              proxy_set_header X-Auth-Token-Id $auth_token_id;
              proxy_pass {{upstream.GetLeftPart(UriPartial.Authority)}};
            }
            location = /_accesstokens {
              internal;
              proxy_pass {{service.GetLeftPart(UriPartial.Authority)}}/auth/forward;
              proxy_pass_request_body off;
              proxy_set_header Content-Length "";
              proxy_set_header X-Original-URI $request_uri;
              proxy_set_header X-Original-Method $request_method;
            }
          }
        }
        """;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
        directory.Dispose();
    }

    private async Task WaitUntilListeningAsync(int port)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                var log = File.Exists(directory.File("error.log")) ? await File.ReadAllTextAsync(directory.File("error.log")) : string.Empty;
                throw new InvalidOperationException($"nginx exited with {process.ExitCode}: {await process.StandardError.ReadToEndAsync()} {log}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return;
            }
            catch (SocketException) when (clock.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(50);
            }
        }
    }
}
