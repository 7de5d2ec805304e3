namespace AccessTokens.Audit;

/// <summary>
/// A page of the audit trail, and where the next one starts (null at the oldest entry). A filtered page may hold
/// fewer entries than asked while <see cref="Next"/> is set: one request reads a bounded part of the trail.
/// </summary>
[GenerateSerializer, Immutable, Alias("AccessTokens.AuditPage")]
public sealed record AuditPage([property: Id(0)] IReadOnlyList<AuditEntry> Items, [property: Id(1)] long? Next);
