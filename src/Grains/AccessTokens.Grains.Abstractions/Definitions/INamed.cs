namespace AccessTokens.Definitions;

/// <summary>A definition as administrators see it or as it is stored: known by its name, built in or defined.</summary>
public interface INamed
{
    /// <summary>The name it is known and addressed by.</summary>
    string Name { get; }

    /// <summary>What it is for.</summary>
    string Description { get; }

    /// <summary>True when the service defines it and it cannot be deleted.</summary>
    bool BuiltIn { get; }

    /// <summary>When it was defined.</summary>
    DateTimeOffset CreatedAt { get; }
}
