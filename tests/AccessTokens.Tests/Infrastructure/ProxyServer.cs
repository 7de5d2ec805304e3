using System.Diagnostics;
using System.Net.Sockets;

namespace AccessTokens.Tests.Infrastructure;

/// <summary>
/// A real reverse proxy (Debian's nginx or Caddy, installed by the test command) on a free loopback port, in the
/// foreground as a child of the test process, with the forward-auth configuration docs/operations.md gives for it.
/// </summary>
public sealed class ProxyServer : IAsyncDisposable
{
    /// <summary>Where Debian installs nginx.</summary>
    public const string Nginx = "/usr/sbin/nginx";

    /// <summary>Where Debian installs Caddy.</summary>
    public const string Caddy = "/usr/bin/caddy";

    private readonly Process process;
    private readonly TempDirectory directory;

    private ProxyServer(Process process, TempDirectory directory, Uri address)
    {
        this.process = process;
        this.directory = directory;
        Address = address;
    }

    /// <summary>The proxy's base address.</summary>
    public Uri Address { get; }

    /// <summary>Starts nginx in front of <paramref name="upstream"/>, asking <paramref name="service"/> about every request.</summary>
    public static Task<ProxyServer> StartNginxAsync(Uri service, Uri upstream) => StartAsync(Nginx, "nginx-light", "nginx.conf",
        (folder, port) => NginxConfiguration(folder, port, service, upstream),
        (folder, config) => ["-p", folder, "-c", config, "-e", Path.Combine(folder, "error.log")]);

    /// <summary>
    /// Starts Caddy in front of <paramref name="upstream"/>, asking <paramref name="service"/> (which reads the
    /// <c>forwarded</c> header family) about every request.
    /// </summary>
    public static Task<ProxyServer> StartCaddyAsync(Uri service, Uri upstream) => StartAsync(Caddy, "caddy", "Caddyfile",
        (_, port) => CaddyConfiguration(port, service, upstream),
        (_, config) => ["run", "--config", config, "--adapter", "caddyfile"]);

    /// <summary>The nginx configuration: docs/operations.md's <c>auth_request</c> block, with this test's ports and folders.</summary>
    public static string NginxConfiguration(string folder, int port, Uri service, Uri upstream) => $$"""
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
              auth_request_set $auth_status $upstream_status;
              auth_request_set $auth_retry_after $upstream_http_retry_after;
              auth_request_set $auth_ratelimit $upstream_http_ratelimit;
              auth_request_set $auth_ratelimit_policy $upstream_http_ratelimit_policy;
              error_page 500 = @accesstokens_refused;
              add_header RateLimit $auth_ratelimit always;
              add_header RateLimit-Policy $auth_ratelimit_policy always;
              proxy_set_header X-Auth-User $auth_user;
              proxy_set_header X-Auth-Token-Id $auth_token_id;
              proxy_pass {{upstream.GetLeftPart(UriPartial.Authority)}};
            }
            location @accesstokens_refused {
              if ($auth_status != 429) {
                return 500;
              }
              add_header Retry-After $auth_retry_after always;
              add_header RateLimit $auth_ratelimit always;
              add_header RateLimit-Policy $auth_ratelimit_policy always;
              default_type application/problem+json;
              return 429 '{"type":"about:blank","title":"Token limit reached","status":429}';
            }
            location = /_accesstokens {
              internal;
              proxy_pass {{service.GetLeftPart(UriPartial.Authority)}}/auth/forward;
              proxy_pass_request_body off;
              proxy_set_header Content-Length "";
              proxy_set_header X-Original-URI $request_uri;
              proxy_set_header X-Original-Method $request_method;
              proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
              proxy_set_header X-Forwarded-Uri "";
              proxy_set_header X-Forwarded-Method "";
            }
          }
        }
        """;

    /// <summary>The Caddyfile: docs/operations.md's <c>forward_auth</c> block, with this test's ports.</summary>
    public static string CaddyConfiguration(int port, Uri service, Uri upstream) => $$"""
        {
          admin off
          auto_https off
        }
        http://127.0.0.1:{{port}} {
          bind 127.0.0.1
          route {
            request_header -X-Auth-User
            request_header -X-Auth-Token-Id
            forward_auth {{service.Authority}} {
              uri /auth/forward
              header_up -X-Original-URI
              header_up -X-Original-Method
              copy_headers X-Auth-User X-Auth-Token-Id
            }
            reverse_proxy {{upstream.Authority}}
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

    private static async Task<ProxyServer> StartAsync(
        string executable, string package, string configName, Func<string, int, string> configuration, Func<string, string, string[]> arguments)
    {
        if (!File.Exists(executable))
        {
            // Under CI the test command installs the proxies; a missing binary is a failure, never a skip.
            throw new InvalidOperationException($"{executable} is missing: run the tests with scripts/test.sh, which installs {package}.");
        }

        var directory = new TempDirectory();
        var port = FreePort.Next();
        var config = directory.File(configName);
        await File.WriteAllTextAsync(config, configuration(directory.Path, port));
        var start = new ProcessStartInfo(executable, arguments(directory.Path, config))
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };

        // Caddy keeps its data and configuration under the user's folders: here, under the test's own.
        start.Environment["HOME"] = directory.Path;
        start.Environment["XDG_DATA_HOME"] = directory.File("data");
        start.Environment["XDG_CONFIG_HOME"] = directory.File("config");
        var process = Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, line) => { lock (output) { output.AppendLine(line.Data); } };
        process.ErrorDataReceived += (_, line) => { lock (output) { output.AppendLine(line.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ProxyServer(process, directory, new Uri($"http://127.0.0.1:{port}"));
        await server.WaitUntilListeningAsync(port, () =>
        {
            lock (output)
            {
                var log = File.Exists(directory.File("error.log")) ? File.ReadAllText(directory.File("error.log")) : string.Empty;
                return output + log;
            }
        });
        return server;
    }

    private async Task WaitUntilListeningAsync(int port, Func<string> output)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{process.StartInfo.FileName} exited with {process.ExitCode}: {output()}");
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
