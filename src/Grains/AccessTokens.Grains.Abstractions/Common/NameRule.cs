namespace AccessTokens.Common;

/// <summary>The rule shared by display names of users and tokens.</summary>
public static class NameRule
{
    /// <summary>Records a message under <c>name</c> when the name is missing, too long or holds control characters.</summary>
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
        else if (name.Any(char.IsControl))
        {
            errors.Add("name", "The name must not contain control characters.");
        }
    }
}
