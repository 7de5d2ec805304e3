using System.Globalization;
using System.Text;

namespace AccessTokens.Common;

/// <summary>
/// The rule shared by the names and descriptions people read in lists, the screen and the audit trail: no control
/// characters, no invisible formatting (bidirectional overrides such as U+202E that make a name read as another, zero-width
/// characters, lone surrogates), and at least one visible character in a name.
/// </summary>
public static class NameRule
{
    /// <summary>The message for text that holds a character the rule refuses.</summary>
    public const string HiddenCharacterMessage =
        "must not contain control characters, invisible formatting characters (such as U+202E or U+200B) or lone surrogates.";

    // Letters and symbols that render as nothing: Hangul fillers, the braille blank, the Khmer inherent vowels.
    private static readonly int[] Blank = [0x115F, 0x1160, 0x3164, 0xFFA0, 0x2800, 0x17B4, 0x17B5];

    /// <summary>Records a message under <c>name</c> when the name is missing, too long, shows nothing or hides characters.</summary>
    public static void Check(string? name, int maxLength, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add("name", "The name is required.");
        }
        else if (name.Length > maxLength)
        {
            errors.Add("name", $"The name must be at most {maxLength} characters.");
        }
        else if (!Readable(name, out var visible))
        {
            errors.Add("name", "The name " + HiddenCharacterMessage);
        }
        else if (!visible)
        {
            errors.Add("name", "The name must contain at least one visible character.");
        }
    }

    /// <summary>Records a message under <paramref name="field"/> when a description (which may be empty) is too long or hides characters.</summary>
    public static void CheckDescription(string description, int maxLength, FieldErrors errors, string field = "description")
    {
        if (description.Length > maxLength)
        {
            errors.Add(field, $"The description must be at most {maxLength} characters.");
        }
        else if (!Readable(description, out var visible))
        {
            errors.Add(field, "The description " + HiddenCharacterMessage);
        }
        else if (description.Length > 0 && !visible)
        {
            errors.Add(field, "A description must contain at least one visible character, or be empty.");
        }
    }

    // False when the text holds a character the rule refuses; visible tells whether any character shows.
    private static bool Readable(string text, out bool visible)
    {
        visible = false;
        var rest = text.AsSpan();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out var rune, out var length) != System.Buffers.OperationStatus.Done)
            {
                return false;
            }

            rest = rest[length..];
            switch (Rune.GetUnicodeCategory(rune))
            {
                case UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
                    or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate or UnicodeCategory.OtherNotAssigned:
                    return false;
                case UnicodeCategory.SpaceSeparator or UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark:
                    break;
                default:
                    visible |= Array.IndexOf(Blank, rune.Value) < 0;
                    break;
            }
        }

        return true;
    }
}
