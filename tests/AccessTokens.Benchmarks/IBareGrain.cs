namespace AccessTokens.Benchmarks;

/// <summary>A grain with no state and no work, keyed by a number: the memory floor of one activation.</summary>
public interface IBareGrain : IGrainWithIntegerKey
{
    /// <summary>Does nothing; activates the grain.</summary>
    Task PingAsync();
}
