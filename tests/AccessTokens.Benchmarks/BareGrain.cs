namespace AccessTokens.Benchmarks;

/// <summary>What any activation costs the silo, whatever the grain holds: the baseline of the memory figure.</summary>
public sealed class BareGrain : Grain, IBareGrain
{
    /// <inheritdoc />
    public Task PingAsync() => Task.CompletedTask;
}
