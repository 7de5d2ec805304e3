using System.Diagnostics.CodeAnalysis;
using AccessTokens.Common;

namespace AccessTokens.Definitions;

/// <summary>A stored definition (a profile, a resource) that shows itself to administrators.</summary>
/// <typeparam name="TView">What administrators see of it.</typeparam>
public interface IDefinitionRecord<out TView> : INamed
    where TView : INamed
{
    /// <summary>The record as administrators see it.</summary>
    TView View();
}

/// <summary>
/// The records a definition catalog grain holds, by exact name. Never changed in place: a change makes a new set, which
/// the grain uses once the store has it, so interleaved reads see either the old set or the new one, never a set that
/// could still be lost.
/// </summary>
/// <typeparam name="TRecord">The stored record.</typeparam>
/// <typeparam name="TView">What administrators see of it.</typeparam>
public sealed class NamedRecords<TRecord, TView>
    where TRecord : class, IDefinitionRecord<TView>
    where TView : INamed
{
    private readonly string kind;
    private readonly Dictionary<string, TRecord> records;

    /// <summary>Holds <paramref name="records"/> by name; <paramref name="kind"/> names them in refusals (<c>profile</c>).</summary>
    public NamedRecords(string kind, IEnumerable<TRecord> records)
        : this(kind, records.ToDictionary(r => r.Name, StringComparer.Ordinal))
    {
    }

    private NamedRecords(string kind, Dictionary<string, TRecord> records) => (this.kind, this.records) = (kind, records);

    /// <summary>Every record, in no order.</summary>
    public IReadOnlyCollection<TRecord> All => records.Values;

    /// <summary>The record named <paramref name="name"/>, when there is one.</summary>
    public bool TryGet(string name, [MaybeNullWhen(false)] out TRecord record) => records.TryGetValue(name, out record);

    /// <summary>The record named <paramref name="name"/>, or null.</summary>
    public TRecord? Find(string name) => records.GetValueOrDefault(name);

    /// <summary>True when a record has exactly this name.</summary>
    public bool Contains(string name) => records.ContainsKey(name);

    /// <summary>Every record as administrators see it, by name.</summary>
    public IReadOnlyList<TView> Views() => [.. records.Values.OrderBy(r => r.Name, StringComparer.Ordinal).Select(r => r.View())];

    /// <summary>The set with <paramref name="record"/> added, or in place of the one of its name.</summary>
    public NamedRecords<TRecord, TView> With(TRecord record) => new(kind, new Dictionary<string, TRecord>(records, StringComparer.Ordinal) { [record.Name] = record });

    /// <summary>The set without the record named <paramref name="name"/>.</summary>
    public NamedRecords<TRecord, TView> Without(string name)
    {
        var remaining = new Dictionary<string, TRecord>(records, StringComparer.Ordinal);
        remaining.Remove(name);
        return new NamedRecords<TRecord, TView>(kind, remaining);
    }

    /// <summary>The refusal of a change to a name no record has.</summary>
    public Failure NotFound(string name) => new(FailureKind.NotFound, $"No {kind} named '{name}' exists.");
}
