using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace AccessTokens.Silo;

/// <summary>Ready when this silo has joined the cluster and is active in it.</summary>
public sealed class SiloActiveCheck(ISiloStatusOracle oracle) : IHealthCheck
{
    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(oracle.CurrentStatus == SiloStatus.Active
            ? HealthCheckResult.Healthy("The silo is active in the cluster.")
            : HealthCheckResult.Unhealthy($"The silo is {oracle.CurrentStatus}."));
}
