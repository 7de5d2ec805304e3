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

        // Handed over before the user exists: a password nobody can read must not become the only administrator's.
        var file = generated ? await WritePasswordFileAsync(options.Value.PasswordFile, password!, cancellationToken) : null;
        var result = await grains.GetGrain<IUserGrain>(login).CreateAsync(new NewUser("Administrator", BuiltInProfiles.Administrator, password), Caller.Service);
        switch (result.Failure)
        {
            case { Kind: FailureKind.Conflict }:
                // Another silo created the administrator first: the password written here is not its password.
                if (file is not null)
                {
                    File.Delete(file);
                }

                return;
            case { } failure:
                throw new InvalidOperationException(
                    $"Bootstrap: the first administrator cannot be created: {string.Join(" ", failure.Errors?.SelectMany(e => e.Value) ?? [failure.Detail])}");
        }

        if (file is not null)
        {
            Log.AdminCreatedWithGeneratedPassword(logger, login, file);
        }
        else
        {
            Log.AdminCreated(logger, login);
        }
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // Created for the service's user alone (0600, in a folder made 0700 when it is new), and replaced if it exists.
    private static async Task<string> WritePasswordFileAsync(string path, string password, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(folder);
            }
            else
            {
                Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        var file = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            file.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            if (File.Exists(full))
            {
                File.SetUnixFileMode(full, file.UnixCreateMode.Value);
            }
        }

        await using var stream = new FileStream(full, file);
        await using var writer = new StreamWriter(stream);
        await writer.WriteLineAsync(password.AsMemory(), cancellationToken);
        return full;
    }
}
