using AccessTokens.Common;
using Orleans.Concurrency;

namespace AccessTokens.Definitions;

/// <summary>
/// What administrators define by name and change as a whole, one grain (key 0) holding every one of a kind: profiles
/// and resources. The kinds differ in their rules (who may change what, what a change reaches), not in this shape.
/// Reads interleave: they only read memory, which changes only once the store has the change.
/// </summary>
/// <typeparam name="TDefinition">What an administrator sends, unchecked; in a change, a null field keeps its value.</typeparam>
/// <typeparam name="TView">What administrators see.</typeparam>
public interface IDefinitionCatalogGrain<in TDefinition, TView> : IGrainWithIntegerKey
    where TView : INamed
{
    /// <summary>Defines <paramref name="name"/>; a conflict when the name is taken, refused when <paramref name="caller"/> may not.</summary>
    Task<DefinitionResult<TView>> CreateAsync(string name, TDefinition definition, Caller caller);

    /// <summary>Changes <paramref name="name"/>; refused when <paramref name="caller"/> may not.</summary>
    Task<DefinitionResult<TView>> UpdateAsync(string name, TDefinition changes, Caller caller);

    /// <summary>Deletes <paramref name="name"/> when nothing depends on it; null on success.</summary>
    Task<Failure?> DeleteAsync(string name, Caller caller);

    /// <summary>Every one, by name.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<TView>> ListAsync();

    /// <summary>One, or null.</summary>
    [AlwaysInterleave]
    Task<TView?> GetAsync(string name);
}
