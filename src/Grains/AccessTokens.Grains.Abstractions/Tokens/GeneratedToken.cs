namespace AccessTokens.Tokens;

/// <summary>A freshly generated token: its public id, the value shown once, and the hash that is stored.</summary>
public sealed record GeneratedToken(string Id, string Value, byte[] SecretHash)
{
    /// <summary>Never prints the value, so a stray log line or debugger view cannot leak it.</summary>
    public override string ToString() => $"GeneratedToken {{ Id = {Id} }}";
}
