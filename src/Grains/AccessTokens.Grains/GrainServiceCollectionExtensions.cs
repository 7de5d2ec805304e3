using AccessTokens.Announcements;
using AccessTokens.Time;
using AccessTokens.Tokens;
using AccessTokens.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AccessTokens;

/// <summary>Registers what the grains need from the silo's container.</summary>
public static class GrainServiceCollectionExtensions
{
    /// <summary>Adds what the grains need to a silo: their services, and the change announcement service every silo runs.</summary>
    public static ISiloBuilder AddAccessTokenGrains(this ISiloBuilder silo)
    {
        silo.Services.AddAccessTokenGrainServices();
        silo.AddGrainService<ChangeAnnouncementService>();
        return silo;
    }

    /// <summary>
    /// Adds the service clock (unless a test supplied one), the service calendar, the password hasher and its low-priority
    /// threads, the silo's writer of token dates of last use, its registry of active token grains for local checks, its
    /// announcer of changes to every silo, and what every token activation shares.
    /// </summary>
    public static IServiceCollection AddAccessTokenGrainServices(this IServiceCollection services)
    {
        services.TryAddKeyedSingleton(ServiceClock.Key, TimeProvider.System);
        services.TryAddSingleton<ServiceCalendar>();
        services.TryAddSingleton<IPasswordHasher<string>, PasswordHasher<string>>();
        services.TryAddSingleton<PasswordHashing>();
        services.TryAddSingleton<IPasswordHashingLoad>(provider => provider.GetRequiredService<PasswordHashing>());
        services.TryAddSingleton<LastUseFlusher>();
        services.TryAddSingleton<LocalTokenChecks>();
        services.TryAddSingleton<ILocalTokenChecks>(provider => provider.GetRequiredService<LocalTokenChecks>());
        services.TryAddSingleton<TokenStore>();
        services.TryAddSingleton<ChangeAnnouncer>();
        services.TryAddSingleton<TokenIdAuthority>();
        services.TryAddSingleton<TokenGrainServices>();
        services.AddHostedService(provider => provider.GetRequiredService<LastUseFlusher>());
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, StopHandOver>();
        return services;
    }
}
