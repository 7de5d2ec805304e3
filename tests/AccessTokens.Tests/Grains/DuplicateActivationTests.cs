using AccessTokens.Profiles;
using AccessTokens.Resources;
using AccessTokens.Tests.Infrastructure;
using AccessTokens.Tokens;
using AccessTokens.Users;

namespace AccessTokens.Tests.Grains;

/// <summary>
/// A revocation, a disabled user, a narrowed profile and a token's narrowed addresses are final on every silo the moment they are answered, even while
/// the directory holds several activations of one token: each silo's copy is told before the change is answered.
/// </summary>
[Collection(DuplicateTokensCollection.Name)]
public sealed class DuplicateActivationTests(DuplicateTokensCluster fixture)
{
    private const string Resource = "requests";

    [Fact]
    public async Task A_revocation_through_one_copy_stops_the_copies_on_every_other_silo()
    {
        var (_, id, request) = await CopiesOnEverySiloAsync();

        var revoked = await fixture.GrainsOf(0).GetGrain<IAccessTokenGrain>(id).RevokeAsync(GrainScenario.Admin());
        Assert.False(revoked.WasAlreadyRevoked);

        await AssertEverywhereAsync(id, request, CheckOutcome.Revoked);
    }

    [Fact]
    public async Task Disabling_a_user_stops_the_copies_of_its_tokens_on_every_silo()
    {
        var (user, id, request) = await CopiesOnEverySiloAsync();

        var result = await fixture.GrainsOf(0).GetGrain<IUserGrain>(user).UpdateAsync(new UserChanges(null, null, false, null), GrainScenario.Admin());
        Assert.Null(result.Failure);

        await AssertEverywhereAsync(id, request, CheckOutcome.UserDisabled);
    }

    [Fact]
    public async Task Narrowing_a_profile_reaches_the_copies_of_its_tokens_on_every_silo()
    {
        var profile = "P" + Names.Login().Replace("-", "", StringComparison.Ordinal);
        var catalog = fixture.GrainsOf(0).GetGrain<IProfileCatalogGrain>(0);
        var created = await catalog.CreateAsync(profile, new ProfileDefinition(null, null, [new ResourceGrant(Resource, ResourceAccess.ReadWrite)], null), GrainScenario.Admin());
        Assert.Null(created.Failure);
        var (_, id, request) = await CopiesOnEverySiloAsync(profile);

        var narrowed = await catalog.UpdateAsync(profile, new ProfileDefinition(null, null, [], null), GrainScenario.Admin());
        Assert.Null(narrowed.Failure);

        await AssertEverywhereAsync(id, request, CheckOutcome.NotAllowedByProfile);
    }

    [Fact]
    public async Task Narrowing_a_tokens_addresses_through_one_copy_reaches_the_copies_on_every_other_silo()
    {
        var (_, id, request) = await CopiesOnEverySiloAsync();
        var outside = request with { Address = System.Net.IPAddress.Parse("192.0.2.1") };
        for (var silo = 0; silo < 3; silo++)
        {
            Assert.Equal(CheckOutcome.Allowed, (await fixture.GrainsOf(silo).GetGrain<IAccessTokenGrain>(id).CheckAsync(outside)).Outcome);
        }

        var changed = await fixture.GrainsOf(0).GetGrain<IAccessTokenGrain>(id).UpdateAsync(
            new TokenChanges(SetAllowedAddresses: true, AllowedAddresses: ["10.0.0.0/8"]), GrainScenario.Admin());
        Assert.Null(changed!.Failure);

        await AssertEverywhereAsync(id, outside, CheckOutcome.AddressNotAllowed);
    }

    // A token issued through silo 0, then checked through silos 1 and 2: each of the three holds an activation of it.
    private async Task<(string User, string Id, CheckRequest Request)> CopiesOnEverySiloAsync(string profile = BuiltInProfiles.User)
    {
        var login = Names.Login();
        var user = fixture.GrainsOf(0).GetGrain<IUserGrain>(login);
        Assert.Null((await user.CreateAsync(new NewUser("Copied", profile, null), GrainScenario.Admin())).Failure);
        var (id, value) = await GrainScenario.TokenAsync(user, [Resource]);
        Assert.True(TokenValue.TryParse(value, "smat", out _, out var hash));
        var request = new CheckRequest(hash, Resource, ResourceAccess.ReadWrite);

        for (var silo = 0; silo < 3; silo++)
        {
            Assert.Equal(CheckOutcome.Allowed, (await fixture.GrainsOf(silo).GetGrain<IAccessTokenGrain>(id).CheckAsync(request)).Outcome);
            Assert.True(fixture.LocalChecksOf(silo).TryCheck(id, request, out var local), $"silo {silo} holds no activation of the token");
            Assert.Equal(CheckOutcome.Allowed, local.Outcome);
        }

        return (login, id, request);
    }

    // Every silo refuses now, in place (as the API it hosts reads) and through a grain call from it.
    private async Task AssertEverywhereAsync(string id, CheckRequest request, CheckOutcome expected)
    {
        for (var silo = 0; silo < 3; silo++)
        {
            if (fixture.LocalChecksOf(silo).TryCheck(id, request, out var local))
            {
                Assert.Equal(expected, local.Outcome);
            }

            Assert.Equal(expected, (await fixture.GrainsOf(silo).GetGrain<IAccessTokenGrain>(id).CheckAsync(request)).Outcome);
        }
    }
}
