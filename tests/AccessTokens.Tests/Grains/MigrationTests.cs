using System.Reflection;
using System.Text.Json;
using AccessTokens.Tests.Infrastructure;
using AccessTokens.Tokens;
using AccessTokens.Users;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Core.Internal;
using Orleans.Runtime.Placement;
using Orleans.Serialization;

namespace AccessTokens.Tests.Grains;

/// <summary>
/// Grains moving between silos with their state, as they do when their silo shuts down in a rolling restart.
/// </summary>
[Collection(TwoSiloPostgresCollection.Name)]
public sealed class MigrationTests(TwoSiloPostgresCluster fixture)
{
    private IGrainFactory Grains => fixture.Cluster.GrainFactory;

    [Fact]
    public async Task A_token_moves_to_another_silo_with_its_state_and_exact_date_of_last_use()
    {
        var user = await GrainScenario.UserAsync(Grains);
        var (id, value) = await GrainScenario.TokenAsync(user, ["requests", "assets"]);
        fixture.Clock.Advance(TimeSpan.FromSeconds(7.25));
        Assert.Equal(CheckOutcome.Allowed, await GrainScenario.CheckAsync(Grains, value));
        var token = Grains.GetGrain<IAccessTokenGrain>(id);
        var before = JsonSerializer.Serialize(await token.GetAsync());

        await MoveAsync(token);

        Assert.Equal(before, JsonSerializer.Serialize(await token.GetAsync()));
        Assert.Equal(CheckOutcome.Allowed, await GrainScenario.CheckAsync(Grains, value, "assets"));
        Assert.Equal(CheckOutcome.ResourceNotGranted, await GrainScenario.CheckAsync(Grains, value, "admin"));
    }

    [Fact]
    public async Task A_moving_token_hands_its_state_over_rather_than_reading_the_store_again()
    {
        var user = await GrainScenario.UserAsync(Grains);
        var (id, _) = await GrainScenario.TokenAsync(user);
        var token = Grains.GetGrain<IAccessTokenGrain>(id);
        Assert.Equal("test", (await token.GetAsync())!.Name);
        await StoredState.EditPayloadAsync(fixture.Store, id, "\"name\":\"test\"", "\"name\":\"edited in the store\"");

        await MoveAsync(token);

        Assert.Equal("test", (await token.GetAsync())!.Name);

        // The edit is there for an activation that does read the store.
        await fixture.DeactivateAllAsync();
        Assert.Equal("edited in the store", (await token.GetAsync())!.Name);
    }

    [Fact]
    public async Task A_moved_user_still_stops_its_tokens_when_disabled()
    {
        var user = await GrainScenario.UserAsync(Grains);
        var (_, value) = await GrainScenario.TokenAsync(user);
        var before = JsonSerializer.Serialize(await user.GetAsync());

        await MoveAsync(user);

        Assert.Equal(before, JsonSerializer.Serialize(await user.GetAsync()));
        Assert.Null((await user.UpdateAsync(new UserChanges(null, null, false, null), GrainScenario.Admin())).Failure);
        Assert.Equal(CheckOutcome.UserDisabled, await GrainScenario.CheckAsync(Grains, value));
    }

    [Fact]
    public void Every_stored_state_can_travel_with_its_grain()
    {
        var serializer = fixture.SiloServices.GetRequiredService<Serializer>();
        var types = typeof(AccessTokenGrain).Assembly.GetTypes();
        // A state arrives as a [PersistentState] parameter, or the grain holds it itself in a state holder of its own (the
        // token grain's TokenRecord).
        var states = types
            .SelectMany(type => type.GetConstructors())
            .SelectMany(constructor => constructor.GetParameters())
            .Where(parameter => parameter.GetCustomAttribute<PersistentStateAttribute>() is not null)
            .Select(parameter => parameter.ParameterType.GetGenericArguments()[0])
            .Concat(types
                .SelectMany(type => type.GetInterfaces())
                .Where(face => face.IsGenericType && face.GetGenericTypeDefinition() == typeof(IGrainState<>))
                .Select(face => face.GetGenericArguments()[0]))
            .ToList();
        Assert.Contains(typeof(AccessTokenState), states);
        Assert.Contains(typeof(UserState), states);

        foreach (var type in states)
        {
            // What a moving activation carries: its state with the stored version.
            var state = Activator.CreateInstance(typeof(GrainState<>).MakeGenericType(type), Activator.CreateInstance(type), "7")!;
            var copy = serializer.Deserialize<object>(serializer.SerializeToArray<object>(state));
            Assert.IsType(state.GetType(), copy);
            Assert.Equal(JsonSerializer.Serialize(state), JsonSerializer.Serialize(copy));
        }
    }

    [Fact]
    public void A_user_record_travels_with_its_packed_token_ids()
    {
        var serializer = fixture.SiloServices.GetRequiredService<Serializer>();
        var record = new UserState { Login = "ada", CreatedAt = fixture.Clock.GetUtcNow() };
        record.TokenIds.Add(TokenValue.Generate("smat").Id);
        record.TokenIds.Add("legacy-id");
        record.TokenIds.Add(TokenValue.Generate("smat").Id);
        var state = new GrainState<UserState>(record, "3");

        var copy = serializer.Deserialize<GrainState<UserState>>(serializer.SerializeToArray(state));

        Assert.Equal(record.TokenIds, Assert.IsType<UserState>(copy?.State).TokenIds);
        Assert.Equal(JsonSerializer.Serialize(state), JsonSerializer.Serialize(copy));
    }

    // Moves the grain's activation to the other silo the way a silo leaving the cluster does: deactivated with its
    // state handed over, then activated on the chosen silo.
    private async Task MoveAsync(IAddressable grain)
    {
        var from = await fixture.Management.GetActivationAddress(grain);
        Assert.NotNull(from);
        var to = fixture.Cluster.GetActiveSilos().Select(silo => silo.SiloAddress).First(silo => !silo.Equals(from));
        var logged = fixture.Logs.Entries.Count;

        RequestContext.Set(IPlacementDirector.PlacementHintKey, to);
        try
        {
            await grain.Cast<IGrainManagementExtension>().MigrateOnIdle();
        }
        finally
        {
            RequestContext.Remove(IPlacementDirector.PlacementHintKey);
        }

        await Eventually.HoldsAsync(
            async () => to.Equals(await fixture.Management.GetActivationAddress(grain)),
            TimeSpan.FromSeconds(20),
            $"the grain moved from {from} to {to}");

        // Handed over, not dropped and read again from the store: a state Orleans cannot serialize fails the
        // hand-over with an error, and the grain would only come back from storage.
        Assert.DoesNotContain(fixture.Logs.Entries.Skip(logged), CapturedLogs.IsError);
    }
}

[CollectionDefinition(Name)]
public sealed class TwoSiloPostgresCollection : ICollectionFixture<TwoSiloPostgresCluster>
{
    public const string Name = "grains on two silos, postgresql";
}
