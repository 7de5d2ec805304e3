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
public sealed class ActivationRejectionTests(SlowFlushCluster fixture)
{
    private IGrainFactory Grains => fixture.Cluster.GrainFactory;

    [Theory]
    [InlineData("token")]
    [InlineData("user")]
    public async Task A_check_waiting_for_an_activation_whose_call_is_rejected_is_answered_by_a_new_activation(string rejected)
    {
        var user = await GrainScenario.UserAsync(Grains);
        var (id, value) = await GrainScenario.TokenAsync(user);
        var token = Grains.GetGrain<IAccessTokenGrain>(id);
        await fixture.DeactivateAllAsync();
        await Eventually.HoldsAsync(
            async () => await fixture.Management.GetActivationAddress(token) is null && await fixture.Management.GetActivationAddress(user) is null,
            TimeSpan.FromSeconds(10),
            "the token and its user are no longer active");

        // The token asks its user for the user's status, and the user asks the profile catalog for its grants.
        var (caller, method) = rejected == "token"
            ? (token.GetGrainId(), nameof(IUserGrain.GetStatusAsync))
            : (user.GetGrainId(), nameof(IProfileCatalogGrain.GetGrantsAsync));
        CallRejections.RejectNext(caller, method);
        var logged = fixture.Logs.Entries.Count;

        Assert.Equal(CheckOutcome.Allowed, await GrainScenario.CheckAsync(Grains, value));

        Assert.False(CallRejections.IsArmed(caller, method), $"the {method} call made by {caller} was rejected");
        var entries = fixture.Logs.Entries.Skip(logged).Where(entry => entry.Contains(caller.ToString(), StringComparison.Ordinal)).ToList();
        Assert.Contains(entries, entry => entry.StartsWith("Warning ", StringComparison.Ordinal) && entry.Contains("[1400] Activation of", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, CapturedLogs.IsError);
        Assert.Equal(CheckOutcome.Allowed, await GrainScenario.CheckAsync(Grains, value));
    }
}
