using System.Security.Cryptography;
using AccessTokens.Profiles;
using AccessTokens.Users;

namespace AccessTokens.Tokens;

/// <summary>
/// Everything a check of one token reads, frozen. The token grain publishes a new snapshot whenever any of it
/// changes (activation, creation, revocation, a push of its user's status), before that change is answered, so
/// a check made outside the grain's turns (<see cref="LocalTokenChecks"/>) reads one consistent version and never
/// an older one than the last change answered.
/// </summary>
internal sealed class CheckSnapshot
{
    private readonly byte[] secretHash;
    private readonly string[] resources;
    private readonly string user;
    private readonly string createdBy;
    private readonly bool revoked;

    // When the token stops working, valid only when it expires: the nullable form would take a word more, and a
    // silo holds one snapshot per active token.
    private readonly bool expires;
    private readonly DateTimeOffset expiresAt;

    // Bit i set: the user's profile lets resource i of this token be read (or written), so a check compares bits
    // instead of grants.
    private readonly uint readable;
    private readonly uint writable;

    public CheckSnapshot(AccessTokenState token, DateTimeOffset? expiresAt, UserStatus user)
    {
        secretHash = token.SecretHash;
        resources = token.Resources;
        this.user = token.User;
        createdBy = token.CreatedBy;
        revoked = token.RevokedAt is not null;
        expires = expiresAt is not null;
        this.expiresAt = expiresAt.GetValueOrDefault();
        User = user;
        var grants = user.Allowed;
        for (var i = 0; i < resources.Length && i < 32; i++)
        {
            var access = grants.AccessTo(resources[i]);
            readable |= (access & ResourceAccess.Read) != 0 ? 1u << i : 0;
            writable |= (access & ResourceAccess.Write) != 0 ? 1u << i : 0;
        }
    }

    /// <summary>When the token stops working, or null for unlimited.</summary>
    public DateTimeOffset? ExpiresAt => expires ? expiresAt : null;

    /// <summary>The user's status as last pushed.</summary>
    public UserStatus User { get; }

    /// <summary>True when <paramref name="hash"/> is the secret's (compared in constant time).</summary>
    public bool Matches(byte[] hash) => CryptographicOperations.FixedTimeEquals(hash, secretHash);

    /// <summary>True when the token works at <paramref name="now"/>: not revoked, not expired, its user active.</summary>
    public bool Works(DateTimeOffset now) => !revoked && !(now >= ExpiresAt) && User.Active;

    /// <summary>The token's resources that the profile lets it read or write now.</summary>
    public List<string> OpenResources() => [.. resources.Where((_, i) => ((readable | writable) & (1u << i)) != 0)];

    /// <summary>
    /// Answers <paramref name="request"/> at <paramref name="now"/>. <paramref name="used"/> is true when the
    /// credentials are the token's and it works, whether or not it opens the resource: that is a use.
    /// </summary>
    public CheckResult Check(CheckRequest request, DateTimeOffset now, out bool used)
    {
        used = false;
        if (!Matches(request.SecretHash))
        {
            return new CheckResult(CheckOutcome.WrongSecret);
        }

        if (revoked)
        {
            return new CheckResult(CheckOutcome.Revoked, user);
        }

        if (expires && now >= expiresAt)
        {
            return new CheckResult(CheckOutcome.Expired, user);
        }

        if (!User.Active)
        {
            return new CheckResult(CheckOutcome.UserDisabled, user);
        }

        used = true;
        if (request.Resource is null)
        {
            return Authenticated(CheckOutcome.Allowed);
        }

        var index = Array.IndexOf(resources, request.Resource);
        if (index < 0)
        {
            return Authenticated(CheckOutcome.ResourceNotGranted);
        }

        var bit = 1u << index;
        var permitted = ((request.Access & ResourceAccess.Read) == 0 || (readable & bit) != 0)
            && ((request.Access & ResourceAccess.Write) == 0 || (writable & bit) != 0);
        return Authenticated(permitted ? CheckOutcome.Allowed : CheckOutcome.NotAllowedByProfile);
    }

    // Built for each check rather than kept: one answer per active token would cost a silo more than the
    // allocation costs a check.
    private CheckResult Authenticated(CheckOutcome outcome) =>
        new(outcome, user, User.Profile, ExpiresAt, User.Allowed.Permissions, createdBy);
}
