using AccessTokens.Time;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AccessTokens;

/// <summary>Registers what the grains need from the silo's container.</summary>
public static class GrainServiceCollectionExtensions
{
    /// <summary>Adds the service clock (unless a test supplied one) and the service calendar and the password hasher.</summary>
    public static IServiceCollection AddAccessTokenGrainServices(this IServiceCollection services)
    {
        services.TryAddKeyedSingleton(ServiceClock.Key, TimeProvider.System);
        services.TryAddSingleton<ServiceCalendar>();
        services.TryAddSingleton<IPasswordHasher<string>, PasswordHasher<string>>();
        return services;
    }
}
