using AccessTokens.Audit;

namespace AccessTokens.Api.Audit;

/// <summary>
/// An audit entry as the contract shows it; <see cref="TokenId"/> and <see cref="TokenCreatedBy"/> name the bearer token
/// the action was done with and who issued it (null for Basic credentials and the admin screen); <see cref="Count"/> is
/// how many refusals one entry sums up (1 for every entry but those).
/// </summary>
public sealed record AuditEntryView(
    DateTimeOffset At, string Actor, string Action, string Target, string ClientAddress, string Outcome, string? TokenId, string? TokenCreatedBy, int Count)
{
    /// <summary>The view of a stored entry.</summary>
    public static AuditEntryView From(AuditEntry entry) =>
        new(entry.At, entry.Actor, entry.Action, entry.Target, entry.ClientAddress, entry.Outcome, entry.TokenId, entry.TokenCreatedBy, entry.Count);
}
