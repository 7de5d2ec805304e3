using AccessTokens.Common;

namespace AccessTokens.Definitions;

/// <summary>A definition after a change, or why the change was refused.</summary>
/// <typeparam name="TView">What administrators see of it.</typeparam>
[GenerateSerializer, Immutable, Alias("AccessTokens.DefinitionResult`1")]
public sealed record DefinitionResult<TView>([property: Id(0)] TView? View, [property: Id(1)] Failure? Failure)
    where TView : INamed;

/// <summary>Makes <see cref="DefinitionResult{TView}"/>s.</summary>
public static class DefinitionResult
{
    /// <summary>The change was made.</summary>
    public static DefinitionResult<TView> Made<TView>(TView view)
        where TView : INamed => new(view, null);

    /// <summary>The change was refused.</summary>
    public static DefinitionResult<TView> Refused<TView>(Failure failure)
        where TView : INamed => new(default, failure);
}
