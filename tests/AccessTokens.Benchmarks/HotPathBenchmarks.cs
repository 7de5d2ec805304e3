using AccessTokens.Api.Authentication;
using AccessTokens.Tokens;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Primitives;

namespace AccessTokens.Benchmarks;

/// <summary>The CPU work a check does before its grain call: header parsing, checksum, SHA-256, the id's signature.</summary>
[MemoryDiagnoser]
public class HotPathBenchmarks
{
    private static readonly TokenIdKey Key = new(0, new byte[32], DateTimeOffset.UnixEpoch);

    private readonly CredentialParser parser = new(Microsoft.Extensions.Options.Options.Create(new AccessTokensOptions()), TokenIdAuthority.Preloaded([Key]));
    private StringValues header;
    private string value = string.Empty;

    /// <summary>Makes a token to parse.</summary>
    [GlobalSetup]
    public void Setup()
    {
        value = TokenValue.Generate("smat", TokenIdFormat.Mint(Key)).Value;
        header = new StringValues("Bearer " + value);
    }

    /// <summary>Shape, checksum and SHA-256 of the secret.</summary>
    [Benchmark]
    public bool ParseToken() => TokenValue.TryParse(value, "smat", out _, out _);

    /// <summary>The whole Authorization header, as the check endpoint reads it.</summary>
    [Benchmark]
    public CredentialKind ParseHeader() => parser.Parse(header).Kind;
}
