using System.Collections.Concurrent;
using AccessTokens.Settings;
using AccessTokens.Silo;
using AccessTokens.Silo.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace AccessTokens.Tests.Infrastructure;

/// <summary>
/// An Orleans test cluster whose grains persist to a real SQLite file, in the Europe/Paris time zone,
/// with the service clock under the test's control.
/// </summary>
public abstract class GrainClusterFixture : IAsyncLifetime
{
    /// <summary>The service time zone of grain tests: not UTC, and with DST.</summary>
    public const string TimeZone = "Europe/Paris";

    // The silos are built from configuration only: they find their fixture (its clock and its log capture) by id.
    private static readonly ConcurrentDictionary<string, GrainClusterFixture> Running = new();
    private readonly TempDirectory directory = new();
    private readonly string fixtureId = Guid.NewGuid().ToString("N");

    /// <summary>The service clock (it only moves forward).</summary>
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    /// <summary>What the silos logged.</summary>
    public CapturedLogs Logs { get; } = new();

    /// <summary>The running cluster.</summary>
    public TestCluster Cluster { get; private set; } = null!;

    /// <summary>The cluster's management grain: where activations are, and collecting them.</summary>
    public IManagementGrain Management => Cluster.GrainFactory.GetGrain<IManagementGrain>(0);

    /// <summary>The services of the first silo, which the test cluster runs in this process.</summary>
    public IServiceProvider SiloServices => Cluster.Primary is InProcessSiloHandle { SiloHost: { } silo }
        ? silo.Services
        : throw new InvalidOperationException("The test cluster runs its silos in this process.");

    /// <summary>The store the grains persist to.</summary>
    public StoreTarget Store { get; private set; } = null!;

    /// <summary>How often a token's date of last use may be written.</summary>
    protected abstract TimeSpan LastUseFlushInterval { get; }

    /// <summary>True for PostgreSQL, false for SQLite.</summary>
    protected abstract bool OnPostgres { get; }

    /// <summary>How many silos the cluster starts with.</summary>
    protected virtual short Silos => 1;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Running[fixtureId] = this;
        Store = OnPostgres ? await (await PostgresServer.Shared).CreateDatabaseAsync() : StoreTarget.Sqlite(directory.File("grains.db"));
        await StoreSchema.ApplyAsync(Store.Settings, CancellationToken.None);
        var builder = new TestClusterBuilder(Silos);
        builder.Properties["Storage:Provider"] = Store.Provider.ToString();
        builder.Properties["Storage:ConnectionString"] = Store.ConnectionString;
        builder.Properties["AccessTokens:TimeZone"] = TimeZone;
        builder.Properties["AccessTokens:LastUseFlushInterval"] = LastUseFlushInterval.ToString();
        builder.Properties["AccessTokens:CatalogShards"] = "4";
        builder.Properties["Test:FixtureId"] = fixtureId;
        builder.AddSiloBuilderConfigurator<Configurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        await TestCatalogue.EnsureAsync(Cluster.GrainFactory);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        Running.TryRemove(fixtureId, out _);
        directory.Dispose();
    }

    /// <summary>Adds to the configuration of each silo of this fixture.</summary>
    protected virtual void ConfigureSilo(ISiloBuilder silo)
    {
    }

    /// <summary>Deactivates every idle grain, as the silo does with grains unused for a while.</summary>
    public Task DeactivateAllAsync() => Management.ForceActivationCollection(TimeSpan.Zero);

    private sealed class Configurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            var configuration = siloBuilder.Configuration;
            siloBuilder.AddAccessTokenStorage(configuration.ReadSettings<StorageSettings>(StorageSettings.SectionName));
            siloBuilder.Services.AddSettings<AccessTokensOptions>(AccessTokensOptions.SectionName);
            var fixture = Running[configuration["Test:FixtureId"]!];
            siloBuilder.Services.AddKeyedSingleton<TimeProvider>(ServiceClock.Key, fixture.Clock);
            siloBuilder.Services.AddSingleton<ILoggerProvider>(fixture.Logs);
            siloBuilder.AddAccessTokenGrains();
            siloBuilder.AddOutgoingGrainCallFilter<CallRejections>();
            fixture.ConfigureSilo(siloBuilder);
        }
    }
}

/// <summary>A grain cluster that writes the date of last use often (every 300 ms), on SQLite.</summary>
public sealed class FastFlushCluster : GrainClusterFixture
{
    /// <inheritdoc />
    protected override TimeSpan LastUseFlushInterval => TimeSpan.FromMilliseconds(300);

    /// <inheritdoc />
    protected override bool OnPostgres => false;
}

/// <summary>A grain cluster that writes the date of last use often (every 300 ms), on PostgreSQL.</summary>
public sealed class FastFlushPostgresCluster : GrainClusterFixture
{
    /// <inheritdoc />
    protected override TimeSpan LastUseFlushInterval => TimeSpan.FromMilliseconds(300);

    /// <inheritdoc />
    protected override bool OnPostgres => true;
}

/// <summary>A grain cluster that would write the date of last use only after an hour, on SQLite.</summary>
public sealed class SlowFlushCluster : GrainClusterFixture
{
    /// <inheritdoc />
    protected override TimeSpan LastUseFlushInterval => TimeSpan.FromHours(1);

    /// <inheritdoc />
    protected override bool OnPostgres => false;
}

/// <summary>A grain cluster that would write the date of last use only after an hour, on PostgreSQL.</summary>
public sealed class SlowFlushPostgresCluster : GrainClusterFixture
{
    /// <inheritdoc />
    protected override TimeSpan LastUseFlushInterval => TimeSpan.FromHours(1);

    /// <inheritdoc />
    protected override bool OnPostgres => true;
}

/// <summary>Two silos sharing one PostgreSQL store, so grains can move between them.</summary>
public sealed class TwoSiloPostgresCluster : GrainClusterFixture
{
    /// <inheritdoc />
    protected override TimeSpan LastUseFlushInterval => TimeSpan.FromHours(1);

    /// <inheritdoc />
    protected override bool OnPostgres => true;

    /// <inheritdoc />
    protected override short Silos => 2;
}
