using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace AccessTokens.Tests.Infrastructure;

/// <summary>
/// Failures a test asks the silo's store to have: the next write (or clear) of a named state fails, either before it
/// reaches the database, or after the database committed it, as when a connection drops before the answer arrives
/// (the caller sees an error and keeps its old version). It also counts the reads and writes of each state.
/// </summary>
public sealed class StoreFaults
{
    private readonly ConcurrentDictionary<(string Operation, string State), bool> armed = new();
    private readonly ConcurrentDictionary<string, int> reads = new();
    private readonly ConcurrentDictionary<string, int> writes = new();

    /// <summary>How many failures were injected so far.</summary>
    public int Injected => injected;

    private int injected;

    /// <summary>How many times the silo read a record of <paramref name="state"/> from the store so far.</summary>
    public int Reads(string state) => reads.GetValueOrDefault(state);

    /// <summary>How many times the silo wrote (or cleared) a record of <paramref name="state"/> so far, failed writes included.</summary>
    public int Writes(string state) => writes.GetValueOrDefault(state);

    /// <summary>Makes the next <paramref name="operation"/> (<c>write</c> or <c>clear</c>) of <paramref name="state"/> fail.</summary>
    public void FailNext(string operation, string state, bool afterCommit = false) => armed[(operation, state)] = afterCommit;

    /// <summary>Replaces the silo's store with one that fails as armed; call after the silo's services are composed.</summary>
    public void Install(IServiceCollection services, string storageName)
    {
        var original = services.Last(d => d.ServiceType == typeof(IGrainStorage) && d.IsKeyedService && Equals(d.ServiceKey, storageName));
        services.Remove(original);
        services.AddKeyedSingleton<IGrainStorage>(storageName, (provider, key) =>
            new FaultyGrainStorage((IGrainStorage)original.KeyedImplementationFactory!(provider, key), this));
    }

    private bool? Take(string operation, string state)
    {
        if (!armed.TryRemove((operation, state), out var afterCommit))
        {
            return null;
        }

        Interlocked.Increment(ref injected);
        return afterCommit;
    }

    private sealed class FaultyGrainStorage(IGrainStorage inner, StoreFaults faults) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
    {
        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            faults.reads.AddOrUpdate(stateName, 1, static (_, count) => count + 1);
            return inner.ReadStateAsync(stateName, grainId, grainState);
        }

        public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
            RunAsync("write", stateName, grainState, () => inner.WriteStateAsync(stateName, grainId, grainState));

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
            RunAsync("clear", stateName, grainState, () => inner.ClearStateAsync(stateName, grainId, grainState));

        public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);

        private async Task RunAsync<T>(string operation, string stateName, IGrainState<T> grainState, Func<Task> call)
        {
            faults.writes.AddOrUpdate(stateName, 1, static (_, count) => count + 1);
            switch (faults.Take(operation, stateName))
            {
                case null:
                    await call();
                    return;
                case false:
                    throw new InjectedStoreFailure($"Injected failure before the {operation} of '{stateName}' reached the store.");
                case true:
                    var (version, exists) = (grainState.ETag, grainState.RecordExists);
                    await call();
                    (grainState.ETag, grainState.RecordExists) = (version, exists);
                    throw new InjectedStoreFailure($"Injected failure after the store committed the {operation} of '{stateName}'.");
            }
        }
    }

    private sealed class InjectedStoreFailure(string message) : DbException(message);
}
