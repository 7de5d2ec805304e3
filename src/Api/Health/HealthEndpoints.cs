using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace AccessTokens.Api.Health;

/// <summary><c>/health/live</c> (the process answers) and <c>/health/ready</c> (cluster and store answer).</summary>
public static class HealthEndpoints
{
    /// <summary>Maps both health endpoints, open to anyone.</summary>
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        routes.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ClusterReadinessCheck.ReadyTag) })
            .AllowAnonymous();
        return routes;
    }
}
