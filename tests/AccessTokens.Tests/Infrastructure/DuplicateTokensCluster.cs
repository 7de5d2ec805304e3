using Microsoft.Extensions.DependencyInjection;
using Orleans.GrainDirectory;
using Orleans.Runtime.GrainDirectory;
using Orleans.Metadata;
using Orleans.Runtime.Placement;

namespace AccessTokens.Tests.Infrastructure;

/// <summary>
/// Three silos on PostgreSQL whose grain directory forgets where token grains are, and which place new activations on
/// the silo that calls: every silo that calls a token gets an activation of its own. That is what the default directory
/// allows for a moment while silos join, stop and die; here it lasts, so a test can make two copies of a token, or
/// three, and act on one of them.
/// </summary>
public sealed class DuplicateTokensCluster : GrainClusterFixture
{
    /// <inheritdoc />
    protected override TimeSpan LastUseFlushInterval => TimeSpan.FromHours(1);

    /// <inheritdoc />
    protected override bool OnPostgres => true;

    /// <inheritdoc />
    protected override short Silos => 3;

    /// <summary>The grain factory of silo <paramref name="index"/>: calls made through it start from that silo.</summary>
    public IGrainFactory GrainsOf(int index) => ServicesOf(index).GetRequiredService<IGrainFactory>();

    /// <summary>The in-place checks of silo <paramref name="index"/>, as the API it hosts reads them.</summary>
    public AccessTokens.Tokens.ILocalTokenChecks LocalChecksOf(int index) => ServicesOf(index).GetRequiredService<AccessTokens.Tokens.ILocalTokenChecks>();

    /// <inheritdoc />
    protected override void ConfigureSilo(ISiloBuilder silo)
    {
        silo.Services.AddSingleton<PlacementStrategy>(new PreferLocalPlacement());
        silo.Services.AddSingleton<IGrainDirectoryResolver, ForgetfulTokenDirectory>();
    }

    private IServiceProvider ServicesOf(int index) =>
        Cluster.Silos[index] is Orleans.TestingHost.InProcessSiloHandle { SiloHost: { } host } ? host.Services : throw new InvalidOperationException("in-process silos only");

    // Keeps no registration of token grains: each silo's lookup finds none, and places the grain with itself.
    private sealed class ForgetfulTokenDirectory : IGrainDirectoryResolver, IGrainDirectory
    {
        private static readonly GrainType TokenType = GrainType.Create("accesstoken");

        public bool TryResolveGrainDirectory(GrainType grainType, GrainProperties? properties, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IGrainDirectory? grainDirectory)
        {
            grainDirectory = grainType.Equals(TokenType) ? this : null;
            return grainDirectory is not null;
        }

        public Task<GrainAddress?> Register(GrainAddress address) => Task.FromResult<GrainAddress?>(address);

        public Task<GrainAddress?> Register(GrainAddress address, GrainAddress? previousAddress) => Task.FromResult<GrainAddress?>(address);

        public Task Unregister(GrainAddress address) => Task.CompletedTask;

        public Task<GrainAddress?> Lookup(GrainId grainId) => Task.FromResult<GrainAddress?>(null);

        public Task UnregisterSilos(List<SiloAddress> siloAddresses) => Task.CompletedTask;
    }
}

/// <summary>Tests that need copies of one token on several silos.</summary>
[CollectionDefinition(Name)]
public sealed class DuplicateTokensCollection : ICollectionFixture<DuplicateTokensCluster>
{
    /// <summary>The collection name.</summary>
    public const string Name = "duplicate token activations";
}
