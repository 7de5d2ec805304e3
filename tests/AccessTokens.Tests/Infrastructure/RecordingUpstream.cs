using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AccessTokens.Tests.Infrastructure;

/// <summary>A small upstream behind the proxy: answers every request and records the ones that reached it.</summary>
public sealed class RecordingUpstream : IAsyncDisposable
{
    private readonly WebApplication app;

    private RecordingUpstream(WebApplication app, Uri address)
    {
        this.app = app;
        Address = address;
    }

    /// <summary>The upstream's base address.</summary>
    public Uri Address { get; }

    /// <summary>Every request that reached the upstream: method, path with query, and the <c>X-Auth-User</c> and <c>X-Auth-Token-Id</c> it carried.</summary>
    public ConcurrentQueue<UpstreamRequest> Received { get; } = new();

    /// <summary>Starts the upstream on a free loopback port.</summary>
    public static async Task<RecordingUpstream> StartAsync()
    {
        var address = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(address.ToString());
        var app = builder.Build();
        var upstream = new RecordingUpstream(app, address);
        app.Run(async context =>
        {
            var user = context.Request.Headers["X-Auth-User"].ToString();
            var tokenId = context.Request.Headers["X-Auth-Token-Id"].ToString();
            upstream.Received.Enqueue(new UpstreamRequest(
                context.Request.Method, context.Request.Path + context.Request.QueryString, user.Length == 0 ? null : user, tokenId.Length == 0 ? null : tokenId));
            await context.Response.WriteAsync("upstream saw " + user);
        });
        await app.StartAsync();
        return upstream;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
