namespace AccessTokens.Tokens;

/// <summary>
/// A token's place in a rotation: the token it replaced, and once it is rotated itself, its successor and how its
/// overlap ends: at <see cref="OverlapEndsAt"/> at the latest, or earlier once the successor has been used
/// (<see cref="SuccessorUsedAt"/>) and this token has not been used for <see cref="EndWhenUnusedFor"/>. Null in the
/// record of a token never rotated.
/// </summary>
[GenerateSerializer, Immutable, Alias("AccessTokens.TokenRotation")]
public sealed record TokenRotation(
    [property: Id(0)] string? RotatedFrom,
    [property: Id(1)] string? SupersededBy = null,
    [property: Id(2)] DateTimeOffset? OverlapEndsAt = null,
    [property: Id(3)] TimeSpan? EndWhenUnusedFor = null,
    [property: Id(4)] DateTimeOffset? SuccessorUsedAt = null)
{
    /// <summary>
    /// When the overlap of a superseded token ends, given its date of last use <paramref name="lastUsedAt"/>; null for a
    /// token not superseded. A pause counts from the later of the successor's first use and this token's last use.
    /// </summary>
    public DateTimeOffset? EndsAt(DateTimeOffset? lastUsedAt)
    {
        if (SupersededBy is null || OverlapEndsAt is not { } latest)
        {
            return null;
        }

        if (EndWhenUnusedFor is { } pause && SuccessorUsedAt is { } moved)
        {
            var quietSince = lastUsedAt is { } used && used > moved ? used : moved;
            var early = quietSince + pause;
            return early < latest ? early : latest;
        }

        return latest;
    }
}
