using AccessTokens.Common;

namespace AccessTokens.Tokens;

/// <summary>
/// A rotation asked for: how long the old token keeps working beside the new one (null: not at all), and how long a
/// pause in its use ends that overlap early once the new token has been used (null: only the overlap's end does).
/// </summary>
[GenerateSerializer, Immutable, Alias("AccessTokens.RotationRequest")]
public sealed record RotationRequest(
    [property: Id(0)] TimeSpan? Overlap = null,
    [property: Id(1)] TimeSpan? EndWhenUnusedFor = null);

/// <summary>Field rules for a rotation.</summary>
public static class RotationRules
{
    /// <summary>Longest overlap.</summary>
    public static readonly TimeSpan MaxOverlap = TimeSpan.FromDays(30);

    /// <summary>The errors of <paramref name="rotation"/>, or null.</summary>
    public static Failure? Check(RotationRequest rotation)
    {
        var errors = new FieldErrors();
        if (rotation.Overlap is { } overlap && (overlap < TimeSpan.FromSeconds(1) || overlap > MaxOverlap || overlap.Ticks % TimeSpan.TicksPerSecond != 0))
        {
            errors.Add("overlap", "overlap must be whole seconds from 00:00:01 to 30.00:00:00 (30 days), or left out for none.");
        }

        if (rotation.EndWhenUnusedFor is { } pause)
        {
            if (rotation.Overlap is null)
            {
                errors.Add("endWhenUnusedFor", "endWhenUnusedFor ends an overlap early: give an overlap too.");
            }
            else if (pause < TimeSpan.FromSeconds(1) || pause > rotation.Overlap || pause.Ticks % TimeSpan.TicksPerSecond != 0)
            {
                errors.Add("endWhenUnusedFor", "endWhenUnusedFor must be whole seconds from 00:00:01 up to the overlap.");
            }
        }

        return errors.ToFailure();
    }
}
