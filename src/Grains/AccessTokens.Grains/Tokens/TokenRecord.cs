namespace AccessTokens.Tokens;

/// <summary>
/// A token's stored record and the version it was read or written at: what <see cref="TokenStore"/> reads into and writes
/// from. The token grain holds it by value rather than through <c>[PersistentState]</c>: that facet costs each activation
/// a storage bridge, a state holder, a lifecycle observer and a migration participant, some 400 bytes, and a silo holds a
/// great many token activations. The store works on a boxed copy and hands back the record as stored.
/// </summary>
internal struct TokenRecord : IGrainState<AccessTokenState>
{
    private AccessTokenState state;
    private string? version;

    /// <summary>An empty record: no token exists yet.</summary>
    public TokenRecord() => state = new AccessTokenState();

    /// <summary>The record; an empty one (no secret) while the token does not exist. Read outside the grain's turns too.</summary>
    [System.Diagnostics.CodeAnalysis.AllowNull]
    public AccessTokenState State
    {
        readonly get => state;
        set => state = value ?? new AccessTokenState();
    }

    /// <summary>The stored version, kept as a shared string (see <see cref="SharedValues.Version"/>).</summary>
    public string? ETag
    {
        readonly get => version;
        set => version = SharedValues.Version(value);
    }

    /// <summary>
    /// True when a stored record was read or written: it has a version and a secret. Derived, not kept: the store sets
    /// it and nothing reads what it set, and a flag of its own would round the record up by a word in every activation.
    /// </summary>
    public bool RecordExists
    {
        readonly get => version is not null && Exists;
        set { }
    }

    /// <summary>True once a version was read or written: the record need not be read on activation.</summary>
    public readonly bool Versioned => version is not null;

    /// <summary>True when the token exists: a record with a secret hash.</summary>
    public readonly bool Exists => state.SecretHash.Length > 0;
}
