using System.Reflection;
using Microsoft.Extensions.Logging;
using AccessTokens.Tests.Infrastructure;

namespace AccessTokens.Tests.Units;

/// <summary>
/// Every log event of the service has an id of its own, in its area's hundred (the registry in docs/operations.md), so an
/// operator's alert on one id never fires for another event.
/// </summary>
[Trait(Tier.Name, Tier.Fast)]
public sealed class LogEventTests
{
    // The hundreds each area's events take, by assembly and namespace: docs/operations.md lists the same.
    private static readonly Dictionary<string, int> Areas = new()
    {
        ["AccessTokens.Grains AccessTokens.Tokens"] = 1000,
        ["AccessTokens.Grains AccessTokens.Users"] = 1100,
        ["AccessTokens.Grains AccessTokens.Profiles"] = 1200,
        ["AccessTokens.Grains AccessTokens.Resources"] = 1300,
        ["AccessTokens.Grains AccessTokens"] = 1400,
        ["AccessTokens.Grains AccessTokens.Announcements"] = 1500,
        ["AccessTokens.Grains.Abstractions AccessTokens.Tokens"] = 1600,
        ["AccessTokens.Api AccessTokens.Api.Authentication"] = 2000,
        ["AccessTokens.Api AccessTokens.Api.Errors"] = 2100,
        ["AccessTokens.Api AccessTokens.Api.AdminScreen"] = 2200,
        ["AccessTokens.Api AccessTokens.Api.Audit"] = 2300,
        ["AccessTokens.Silo AccessTokens.Silo"] = 3000,
    };

    [Fact]
    public void Every_log_event_has_an_id_of_its_own_in_its_areas_range()
    {
        var events = new[] { "AccessTokens.Api", "AccessTokens.Grains", "AccessTokens.Grains.Abstractions", "AccessTokens.Silo" }
            .Select(Assembly.Load)
            .SelectMany(assembly => assembly.GetTypes())
            .SelectMany(type => type.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                .Select(method => (Type: type, Method: method, Event: method.GetCustomAttribute<LoggerMessageAttribute>())))
            .Where(entry => entry.Event is not null)
            .ToList();

        Assert.True(events.Count > 40, $"only {events.Count} log events found");
        var repeated = events.GroupBy(e => e.Event!.EventId).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(e => $"{e.Type.FullName}.{e.Method.Name}"))}");
        Assert.Empty(repeated);
        foreach (var (type, method, logged) in events)
        {
            var area = Areas.GetValueOrDefault($"{type.Assembly.GetName().Name} {type.Namespace}", -1);
            Assert.True(logged!.EventId / 100 * 100 == area, $"{type.FullName}.{method.Name} has id {logged.EventId}, outside the range of {type.Namespace}");
        }
    }
}
