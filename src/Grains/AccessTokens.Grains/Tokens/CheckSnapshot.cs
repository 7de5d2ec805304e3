using System.Net;
using System.Security.Cryptography;
using AccessTokens.Profiles;
using AccessTokens.Time;

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

    // The token's live counts when it has a rate limit or a quota: shared by every snapshot of the activation.
    private readonly LiveCounters? limits;

    // The ranges a check must come from, or null for any address.
    private readonly IPNetwork[]? allowed;

    // The rotation of a superseded token still in its overlap, or null.
    private readonly TokenRotation? rotation;

    // When the token stops working, valid only when it expires: the nullable form would take a word more, and a
    // silo holds one snapshot per active token.
    private readonly bool expires;
    private readonly DateTimeOffset expiresAt;

    public CheckSnapshot(AccessTokenState token, DateTimeOffset? expiresAt, TokenUserStatus status, bool revoked, LiveCounters? limits, TokenPolicies? policies)
    {
        this.limits = policies?.Counts == true ? limits : null;
        allowed = policies?.AllowedAddresses is { } ranges ? Networks(ranges) : null;
        rotation = token.Rotation?.SupersededBy is not null && !revoked ? token.Rotation : null;
        secretHash = token.SecretHash;
        resources = token.Resources;
        user = token.User;
        createdBy = token.CreatedBy;
        this.revoked = revoked;
        expires = expiresAt is not null;
        this.expiresAt = expiresAt.GetValueOrDefault();
        Status = status;
    }

    /// <summary>The rotation of a superseded token in its overlap (it stops working when that ends), or null.</summary>
    public TokenRotation? Rotation => rotation;

    /// <summary>The token's resources.</summary>
    public string[] Resources => resources;

    /// <summary>When the token stops working, or null for unlimited.</summary>
    public DateTimeOffset? ExpiresAt => expires ? expiresAt : null;

    /// <summary>What the user lets the token do, as last pushed or stored.</summary>
    public TokenUserStatus Status { get; }

    /// <summary>True when <paramref name="hash"/> is the secret's (compared in constant time).</summary>
    public bool Matches(byte[] hash) => CryptographicOperations.FixedTimeEquals(hash, secretHash);

    /// <summary>True when the token works at <paramref name="now"/>: not revoked, not expired, its user active.</summary>
    public bool Works(DateTimeOffset now) => !revoked && !(now >= ExpiresAt) && Status.Active;

    /// <summary>The token's resources that the profile lets it read or write now.</summary>
    public List<string> OpenResources() => [.. resources.Where((_, i) => ((Status.Readable | Status.Writable) & (1u << i)) != 0)];

    /// <summary>
    /// Answers <paramref name="request"/> at <paramref name="now"/>. <paramref name="used"/> is true when the
    /// credentials are the token's, it works and its limits admit the check, whether or not it opens the resource: that
    /// is a use, and counts against the limits.
    /// </summary>
    public CheckResult Check(CheckRequest request, DateTimeOffset now, ServiceCalendar calendar, out bool used)
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

        if (!Status.Active)
        {
            return new CheckResult(CheckOutcome.UserDisabled, user);
        }

        if (allowed is not null && !Allows(request.Address))
        {
            return new CheckResult(CheckOutcome.AddressNotAllowed, user, Status.Profile, ExpiresAt, Status.Permissions, createdBy);
        }

        LimitState? left = null;
        if (limits is not null && !limits.TryAdmit(now, calendar, out left, out var refusal, out var retryAfter))
        {
            return new CheckResult(refusal, user, Status.Profile, ExpiresAt, Status.Permissions, createdBy, left, retryAfter);
        }

        used = true;
        if (request.Resource is null)
        {
            return Authenticated(CheckOutcome.Allowed, left);
        }

        var index = Array.IndexOf(resources, request.Resource);
        if (index < 0)
        {
            return Authenticated(CheckOutcome.ResourceNotGranted, left);
        }

        var bit = 1u << index;
        var permitted = ((request.Access & ResourceAccess.Read) == 0 || (Status.Readable & bit) != 0)
            && ((request.Access & ResourceAccess.Write) == 0 || (Status.Writable & bit) != 0);
        return Authenticated(permitted ? CheckOutcome.Allowed : CheckOutcome.NotAllowedByProfile, left);
    }

    private bool Allows(IPAddress? address)
    {
        if (address is null)
        {
            return false;
        }

        foreach (var network in allowed!)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    private static IPNetwork[] Networks(string[] ranges)
    {
        var networks = new IPNetwork[ranges.Length];
        for (var i = 0; i < ranges.Length; i++)
        {
            // Stored canonical; a range that no longer reads allows nothing rather than everything.
            networks[i] = AddressRules.TryParseRange(ranges[i], out var network, out _) ? network : new IPNetwork(IPAddress.IPv6None, 128);
        }

        return networks;
    }

    // Built for each check rather than kept: one answer per active token would cost a silo more than the
    // allocation costs a check.
    private CheckResult Authenticated(CheckOutcome outcome, LimitState? left) =>
        new(outcome, user, Status.Profile, ExpiresAt, Status.Permissions, createdBy, left);
}
