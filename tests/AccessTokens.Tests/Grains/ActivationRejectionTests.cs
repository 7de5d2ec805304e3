using AccessTokens.Profiles;
using AccessTokens.Tests.Infrastructure;
using AccessTokens.Tokens;
using AccessTokens.Users;

namespace AccessTokens.Tests.Grains;

/// <summary>
/// A grain whose call made while activating is rejected, as every call sent from a silo that has begun a graceful
/// stop is: the activation is abandoned quietly and the request that was waiting for it is answered by a new one.
/// </summary>
[Collection(SlowFlushSqliteCollection.Name)]
[Trait(Tier.Name, Tier.Fast)]
public sealed class ActivationRejectionTests(SlowFlushCluster fixture)
{
    private IGrainFactory Grains => fixture.Cluster.GrainFactory;

    [Fact]
    public async Task A_token_activates_from_its_own_record_without_asking_its_users_grain()
    {
        var user = await GrainScenario.UserAsync(Grains);
        var (id, value) = await GrainScenario.TokenAsync(user);
        var token = Grains.GetGrain<IAccessTokenGrain>(id);
        await fixture.DeactivateAllAsync();
        await Eventually.HoldsAsync(
            async () => await fixture.Management.GetActivationAddress(token) is null && await fixture.Management.GetActivationAddress(user) is null,
            TimeSpan.FromSeconds(10),
            "the token and its user are no longer active");

        // Were the user's grain on a silo that is stopping, a check of its token would wait for nothing.
        CallRejections.RejectNext(token.GetGrainId(), nameof(IUserGrain.GetStatusAsync));
        Assert.Equal(CheckOutcome.Allowed, await GrainScenario.CheckAsync(Grains, value));
        Assert.True(CallRejections.IsArmed(token.GetGrainId(), nameof(IUserGrain.GetStatusAsync)), "the token asked its user's grain while activating");
        Assert.Null(await fixture.Management.GetActivationAddress(user));
        CallRejections.Disarm(token.GetGrainId(), nameof(IUserGrain.GetStatusAsync));

        // Its user's changes still reach it, and are kept with its record for the next activation.
        await user.UpdateAsync(new UserChanges(null, null, false, null), GrainScenario.Admin());
        await fixture.DeactivateAllAsync();
        Assert.Equal(CheckOutcome.UserDisabled, await GrainScenario.CheckAsync(Grains, value));
    }

    [Fact]
    public async Task A_call_waiting_for_an_activation_whose_own_call_is_rejected_is_answered_by_a_new_activation()
    {
        var user = await GrainScenario.UserAsync(Grains);
        var (id, value) = await GrainScenario.TokenAsync(user);
        var token = Grains.GetGrain<IAccessTokenGrain>(id);
        await fixture.DeactivateAllAsync();
        await Eventually.HoldsAsync(
            async () => await fixture.Management.GetActivationAddress(token) is null && await fixture.Management.GetActivationAddress(user) is null,
            TimeSpan.FromSeconds(10),
            "the token and its user are no longer active");

        // A user asks the profile catalog for its grants when it activates (a token creation activates it here).
        var (caller, method) = (user.GetGrainId(), nameof(IProfileCatalogGrain.GetGrantsAsync));
        CallRejections.RejectNext(caller, method);
        var logged = fixture.Logs.Entries.Count;

        await GrainScenario.TokenAsync(user);

        Assert.False(CallRejections.IsArmed(caller, method), $"the {method} call made by {caller} was rejected");
        var entries = fixture.Logs.Entries.Skip(logged).Where(entry => entry.Contains(caller.ToString(), StringComparison.Ordinal)).ToList();
        Assert.Contains(entries, entry => entry.StartsWith("Warning ", StringComparison.Ordinal) && entry.Contains("[1400] Activation of", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, CapturedLogs.IsError);
        Assert.Equal(CheckOutcome.Allowed, await GrainScenario.CheckAsync(Grains, value));
    }
}
