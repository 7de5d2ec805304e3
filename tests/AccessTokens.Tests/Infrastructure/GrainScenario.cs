using AccessTokens.Common;
using AccessTokens.Profiles;
using AccessTokens.Tokens;
using AccessTokens.Users;

namespace AccessTokens.Tests.Infrastructure;

/// <summary>Creates users and tokens directly through grains and checks them the way the API does.</summary>
public static class GrainScenario
{
    /// <summary>An administrator calling the grains, as the API passes one: every permission, every resource.</summary>
    public static Caller Admin(string login = "admin") => new(login, BuiltInProfiles.Administrator, Permissions.All);

    /// <summary>Creates an active user and returns its grain.</summary>
    public static async Task<IUserGrain> UserAsync(IGrainFactory grains, string profile = BuiltInProfiles.User)
    {
        var login = Names.Login();
        var user = grains.GetGrain<IUserGrain>(login);
        var result = await user.CreateAsync(new NewUser("Test " + login, profile, null), Admin());
        Assert.Null(result.Failure);
        return user;
    }

    /// <summary>Issues a token; returns its id and value.</summary>
    public static async Task<(string Id, string Value)> TokenAsync(
        IUserGrain user, string[]? resources = null, DateOnly? expiryDate = null, int? expiresInDays = null)
    {
        var created = await user.CreateTokenAsync(new NewAccessToken("test", resources ?? ["requests"], expiryDate, expiresInDays), Admin());
        Assert.Null(created.Failure);
        return (created.Token!.Id, created.Value!);
    }

    /// <summary>Checks a presented value for a resource as the API does: parse, hash, one grain call.</summary>
    public static async Task<CheckOutcome> CheckAsync(IGrainFactory grains, string value, string resource = "requests")
    {
        Assert.True(TokenValue.TryParse(value, "smat", out var id, out var hash));
        return (await grains.GetGrain<IAccessTokenGrain>(id).CheckAsync(new CheckRequest(hash, resource))).Outcome;
    }
}
