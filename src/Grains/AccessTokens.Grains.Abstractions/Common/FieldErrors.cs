namespace AccessTokens.Common;

/// <summary>Collects validation messages per field, in the order rules are checked.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    /// <summary>True when no rule was broken.</summary>
    public bool IsEmpty => errors.Count == 0;

    /// <summary>Records that <paramref name="field"/> breaks a rule.</summary>
    public void Add(string field, string message)
    {
        if (!errors.TryGetValue(field, out var list))
        {
            list = [];
            errors[field] = list;
        }

        list.Add(message);
    }

    /// <summary>The collected messages as a failure, or null when there are none.</summary>
    public Failure? ToFailure() =>
        IsEmpty ? null : Failure.Invalid(errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
}
