namespace AccessTokens.Common;

/// <summary>Why an administrative operation was refused. Expected outcomes are values, not exceptions.</summary>
[GenerateSerializer, Immutable, Alias("AccessTokens.Failure")]
public sealed record Failure(
    [property: Id(0)] FailureKind Kind,
    [property: Id(1)] string Detail,
    [property: Id(2)] IReadOnlyDictionary<string, string[]>? Errors = null)
{
    /// <summary>A validation failure with one message per field.</summary>
    public static Failure Invalid(IReadOnlyDictionary<string, string[]> errors) =>
        new(FailureKind.Validation, "The request has invalid fields; see errors.", errors);

    /// <summary>A validation failure on one field.</summary>
    public static Failure Invalid(string field, string message) =>
        Invalid(new Dictionary<string, string[]> { [field] = [message] });
}
