namespace AccessTokens.Api.Authentication;

/// <summary>The kinds of <c>Authorization</c> header a request can carry.</summary>
public enum CredentialKind
{
    /// <summary>No header.</summary>
    None,

    /// <summary>The header cannot be read (unknown scheme, bad encoding, several headers, too long).</summary>
    Malformed,

    /// <summary>A bearer value whose shape or checksum is wrong: refused without reaching the cluster.</summary>
    InvalidToken,

    /// <summary>A well-formed bearer token.</summary>
    Bearer,

    /// <summary>A Basic login and password.</summary>
    Basic,
}
