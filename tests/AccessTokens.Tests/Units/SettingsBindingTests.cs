using AccessTokens.Api.AdminScreen;
using AccessTokens.Api.Forwarding;
using AccessTokens.Settings;
using AccessTokens.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AccessTokens.Tests.Units;

[Trait(Tier.Name, Tier.Fast)]
public sealed class SettingsBindingTests
{
    public static TheoryData<string, string, string> WrongValues() => new()
    {
        { "Storage:Provider", "Oracle", "Storage:Provider must be Sqlite, PostgreSql or SqlServer, not 'Oracle'." },
        { "Cluster:SiloPort", "70000", "Cluster:SiloPort and Cluster:GatewayPort must be two different ports" },
        { "Cluster:AdvertisedAddress", "silo-1", "Cluster:AdvertisedAddress must be an IP address, not 'silo-1'." },
        { "Cluster:ProbeTimeout", "soon", "The Cluster section has a value of the wrong type" },
        { "AccessTokens:TimeZone", "Mars/Olympus", "AccessTokens:TimeZone must be an IANA time zone id known to this machine" },
        { "AccessTokens:CatalogShards", "0", "AccessTokens:CatalogShards: The field CatalogShards must be between 1 and 4096." },
        { "Throttling:Window", "00:00:00", "Throttling:Window: The field Window must be between" },
        { "ForwardAuth:Headers", "traefik", "ForwardAuth:Headers must be 'original' (nginx auth_request) or 'forwarded' (Traefik, Caddy), not 'traefik'." },
        { "AdminScreen:IdleTimeout", "00:00:10", "AdminScreen:IdleTimeout: The field IdleTimeout must be between" },
    };

    [Theory]
    [MemberData(nameof(WrongValues))]
    public void A_wrong_value_is_refused_with_its_key_whether_read_while_building_or_through_the_options(string key, string value, string message)
    {
        var configuration = Configuration((key, value));
        var section = key[..key.IndexOf(':', StringComparison.Ordinal)];

        var whileBuilding = Assert.Throws<StartupException>(() => Read(configuration, section));
        var atStart = Assert.ThrowsAny<Exception>(() => ResolveThroughOptions(configuration, section));

        Assert.Contains(message, whileBuilding.Message, StringComparison.Ordinal);
        Assert.Contains(message, atStart.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_connection_string_is_required_for_a_server_store()
    {
        var problem = Assert.Throws<StartupException>(() => HostSettings.Read(Configuration(("Storage:Provider", "PostgreSql"))));

        Assert.Equal("Storage:ConnectionString is required with Storage:Provider=PostgreSql.", problem.Message);
    }

    [Fact]
    public void A_cluster_membership_needs_a_server_store()
    {
        var problem = Assert.Throws<StartupException>(() => HostSettings.Read(Configuration(("Cluster:Provider", "AdoNet"))));

        Assert.StartsWith("Cluster:Provider=AdoNet needs Storage:Provider=PostgreSql or SqlServer", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Values_given_are_bound_and_the_rest_keep_their_defaults()
    {
        var configuration = Configuration(("Storage:Provider", "postgresql"), ("Storage:ConnectionString", "Host=db"), ("Cluster:Provider", "AdoNet"), ("Cluster:SiloPort", "12000"));

        var (storage, cluster) = HostSettings.Read(configuration);
        var throttling = ResolveThroughOptions<ThrottlingOptions>(Configuration(("Throttling:Window", "00:05:00")), ThrottlingOptions.SectionName);

        Assert.Equal((StorageProvider.PostgreSql, "Host=db", "Npgsql"), (storage.Provider, storage.EffectiveConnectionString, storage.Invariant));
        Assert.Equal((ClusterProvider.AdoNet, 12000, 30000), (cluster.Provider, cluster.SiloPort, cluster.GatewayPort));
        Assert.Equal((TimeSpan.FromMinutes(5), 5), (throttling.Window, throttling.MaxFailuresPerLoginAndAddress));
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();

    private static object Read(IConfiguration configuration, string section) => section switch
    {
        StorageSettings.SectionName => configuration.ReadSettings<StorageSettings>(section),
        ClusterSettings.SectionName => configuration.ReadSettings<ClusterSettings>(section),
        AccessTokensOptions.SectionName => configuration.ReadSettings<AccessTokensOptions>(section),
        ThrottlingOptions.SectionName => configuration.ReadSettings<ThrottlingOptions>(section),
        ForwardAuthOptions.SectionName => configuration.ReadSettings<ForwardAuthOptions>(section),
        AdminScreenOptions.SectionName => configuration.ReadSettings<AdminScreenOptions>(section),
        _ => throw new ArgumentOutOfRangeException(nameof(section)),
    };

    private static object ResolveThroughOptions(IConfiguration configuration, string section) => section switch
    {
        StorageSettings.SectionName => ResolveThroughOptions<StorageSettings>(configuration, section),
        ClusterSettings.SectionName => ResolveThroughOptions<ClusterSettings>(configuration, section),
        AccessTokensOptions.SectionName => ResolveThroughOptions<AccessTokensOptions>(configuration, section),
        ThrottlingOptions.SectionName => ResolveThroughOptions<ThrottlingOptions>(configuration, section),
        ForwardAuthOptions.SectionName => ResolveThroughOptions<ForwardAuthOptions>(configuration, section),
        AdminScreenOptions.SectionName => ResolveThroughOptions<AdminScreenOptions>(configuration, section),
        _ => throw new ArgumentOutOfRangeException(nameof(section)),
    };

    private static T ResolveThroughOptions<T>(IConfiguration configuration, string section)
        where T : class
    {
        var services = new ServiceCollection().AddSingleton(configuration);
        services.AddSettings<T>(section);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<T>>().Value;
    }
}
