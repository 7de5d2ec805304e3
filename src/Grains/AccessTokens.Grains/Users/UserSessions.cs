using System.Security.Cryptography;
using System.Text;
using AccessTokens.Common;

namespace AccessTokens.Users;

/// <summary>
/// The rules of a user's admin screen sessions: a session is valid only while the user grain holds it, before its
/// end, so sign-out and the changes that end every session (a new password, disabling, another profile) take effect at
/// the next request of any copy of the cookie. Only the SHA-256 of a session id is stored.
/// </summary>
internal static class UserSessions
{
    // Sessions open at once per user; signing in again beyond it ends the oldest.
    private const int Kept = 16;

    /// <summary>Opens a session ending <paramref name="lifetime"/> after <paramref name="now"/>; its id, to hand to the caller only.</summary>
    public static string Open(List<UserSession> sessions, DateTimeOffset now, TimeSpan lifetime)
    {
        sessions.RemoveAll(session => session.EndsAt <= now);
        if (sessions.Count >= Kept)
        {
            sessions.RemoveAt(0);
        }

        var id = Base62.Random(32);
        sessions.Add(new UserSession(Hash(id), now, now + lifetime));
        return id;
    }

    /// <summary>True when <paramref name="sessionId"/> is open at <paramref name="now"/>.</summary>
    public static bool IsOpen(List<UserSession> sessions, string sessionId, DateTimeOffset now)
    {
        var hash = Hash(sessionId);
        return sessions.Exists(session => session.IdHash == hash && session.EndsAt > now);
    }

    /// <summary>Ends <paramref name="sessionId"/>; true when it was held.</summary>
    public static bool End(List<UserSession> sessions, string sessionId)
    {
        var hash = Hash(sessionId);
        return sessions.RemoveAll(session => session.IdHash == hash) > 0;
    }

    private static string Hash(string sessionId) => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(sessionId)));
}
