using AccessTokens.Common;
using AccessTokens.Profiles;
using AccessTokens.Users;
using Microsoft.Extensions.Options;

namespace AccessTokens.Silo.Bootstrap;

/// <summary>On the first start against an empty store, creates the first administrator.</summary>
public sealed class AdminBootstrapper(IGrainFactory grains, IOptions<BootstrapOptions> options, ILogger<AdminBootstrapper> logger)
    : IHostedService
{
    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (await grains.GetGrain<IUserDirectoryGrain>(0).CountAsync() > 0)
        {
            return;
        }

        var login = options.Value.AdminLogin;
        var password = options.Value.AdminPassword;
        var generated = string.IsNullOrEmpty(password);
        if (generated)
        {
            password = Base62.Random(24);
        }

        var result = await grains.GetGrain<IUserGrain>(login).CreateAsync(new NewUser("Administrator", BuiltInProfiles.Administrator, password));
        switch (result.Failure)
        {
            case { Kind: FailureKind.Conflict }:
                return;
            case { } failure:
                throw new InvalidOperationException(
                    $"Bootstrap: the first administrator cannot be created: {string.Join(" ", failure.Errors?.SelectMany(e => e.Value) ?? [failure.Detail])}");
        }

        if (generated)
        {
            Log.AdminCreatedWithGeneratedPassword(logger, login, password!);
        }
        else
        {
            Log.AdminCreated(logger, login);
        }
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
