namespace AccessTokens.Audit;

/// <summary>
/// An action to append to the audit trail, as the front end saw it: the trail gives it its sequence and time.
/// <see cref="TokenId"/> and <see cref="TokenCreatedBy"/> are set when the action was done with a bearer token;
/// <see cref="Count"/> is above one for refusals summed up per address and window. <see cref="At"/> is set on an entry
/// appended after its change (the trail could not take it at the time): the time of the change.
/// </summary>
[GenerateSerializer, Immutable, Alias("AccessTokens.AuditRecord")]
public sealed record AuditRecord(
    [property: Id(0)] string Actor,
    [property: Id(1)] string Action,
    [property: Id(2)] string Target,
    [property: Id(3)] string ClientAddress,
    [property: Id(4)] string Outcome,
    [property: Id(5)] string? TokenId = null,
    [property: Id(6)] string? TokenCreatedBy = null,
    [property: Id(7)] int Count = 1,
    [property: Id(8)] DateTimeOffset? At = null);
