namespace AccessTokens.Users;

/// <summary>How a password attempt ended.</summary>
public enum AuthenticationOutcome
{
    /// <summary>The password is the user's and the user is active.</summary>
    Succeeded,

    /// <summary>Unknown login, no password set, wrong password or disabled user: the caller is not told which.</summary>
    Refused,

    /// <summary>Not verified at all: this address, or every unknown address, has too many wrong passwords for the login.</summary>
    Throttled,

    /// <summary>Not verified at all: every password hashing thread of the silo is busy and its queue is full.</summary>
    Busy,
}
