using System.Collections.Concurrent;

namespace AccessTokens.Tests.Infrastructure;

/// <summary>
/// Rejects chosen grain calls once each, as a silo rejects the calls its grains send once it has begun to stop,
/// or as calls to a silo that has just died are rejected. The test cluster's silos send every grain call through it.
/// </summary>
public sealed class CallRejections : IOutgoingGrainCallFilter
{
    private static readonly ConcurrentDictionary<(GrainId Caller, string Method), bool> Armed = new();

    /// <summary>Rejects the next call of <paramref name="method"/> made by <paramref name="caller"/>.</summary>
    public static void RejectNext(GrainId caller, string method) => Armed[(caller, method)] = true;

    /// <summary>Withdraws a rejection that did not happen.</summary>
    public static void Disarm(GrainId caller, string method) => Armed.TryRemove((caller, method), out _);

    /// <summary>True while the rejection asked for has not happened yet.</summary>
    public static bool IsArmed(GrainId caller, string method) => Armed.ContainsKey((caller, method));

    /// <inheritdoc />
    public Task Invoke(IOutgoingGrainCallContext context)
    {
        if (context.SourceId is { } caller && Armed.TryRemove((caller, context.MethodName), out _))
        {
            throw new SiloUnavailableException($"{context.MethodName} from {caller} rejected by the test.");
        }

        return context.Invoke();
    }
}
