using System.Text.RegularExpressions;
using AccessTokens.Tests.Infrastructure;

namespace AccessTokens.Tests.Proxies;

/// <summary>The nginx and Caddy blocks of docs/operations.md are, line for line, the ones the proxy tests run.</summary>
public sealed class DocumentedProxyTests
{
    private static readonly Uri Service = new("http://127.0.0.1:5555");
    private static readonly Uri Upstream = new("http://127.0.0.1:6666");

    [Fact]
    public void The_documented_nginx_block_is_the_tested_one()
    {
        var documented = Lines(Block("nginx")
            .Replace("http://backend:8080", Upstream.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal)
            .Replace("http://accesstokens:5080", Service.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal));
        AssertRuns(documented, Lines(ProxyServer.NginxConfiguration("/tmp/folder", 7777, Service, Upstream)));
    }

    [Fact]
    public void The_documented_caddy_block_is_the_tested_one()
    {
        // The site address differs (the test's is a loopback port); everything inside it is the same.
        var documented = Lines(Block("caddyfile")
            .Replace("backend:8080", Upstream.Authority, StringComparison.Ordinal)
            .Replace("accesstokens:5080", Service.Authority, StringComparison.Ordinal))[1..^1];
        AssertRuns(documented, Lines(ProxyServer.CaddyConfiguration(7777, Service, Upstream)));
    }

    private static void AssertRuns(string[] documented, string[] tested)
    {
        var found = Enumerable.Range(0, tested.Length - documented.Length + 1).Any(at => tested.AsSpan(at, documented.Length).SequenceEqual(documented));
        Assert.True(found, $"docs/operations.md's block is not in the tested configuration:\n{string.Join('\n', documented)}\n---\n{string.Join('\n', tested)}");
    }

    private static string Block(string language) => Assert.Single(Repository.CodeBlocks("docs/operations.md", language));

    // Without comments, indentation and blank lines.
    private static string[] Lines(string text) =>
        text.Split('\n').Select(line => Regex.Replace(line, @"\s+#.*$", string.Empty).Trim()).Where(line => line.Length > 0).ToArray();
}
