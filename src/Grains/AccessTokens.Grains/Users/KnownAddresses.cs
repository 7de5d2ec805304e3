namespace AccessTokens.Users;

/// <summary>
/// The rules of a user's known addresses: those it signed in from with the right password within a lifetime. While
/// its login is under a guessing attack from many addresses, only these may still try a password, so an attacker
/// cannot lock the owner out of the places it signs in from.
/// </summary>
internal static class KnownAddresses
{
    // Enough for a person's usual places and a few services; the oldest is forgotten first.
    private const int Kept = 8;

    // A known address is written again at most this often, so a client signing in all day costs one write a day.
    private static readonly TimeSpan Refresh = TimeSpan.FromDays(1);

    /// <summary>True when <paramref name="address"/> is known for the user at <paramref name="now"/>.</summary>
    public static bool Contains(List<KnownAddress> known, string address, DateTimeOffset now, TimeSpan lifetime) =>
        known.Exists(entry => entry.Address == address && now - entry.LastSignedInAt <= lifetime);

    /// <summary>Records a sign-in from <paramref name="address"/>; true when the stored list changed and must be written.</summary>
    public static bool Record(List<KnownAddress> known, string address, DateTimeOffset now)
    {
        var index = known.FindIndex(entry => entry.Address == address);
        if (index >= 0 && now - known[index].LastSignedInAt < Refresh)
        {
            return false;
        }

        if (index >= 0)
        {
            known.RemoveAt(index);
        }
        else if (known.Count >= Kept)
        {
            known.RemoveAt(0);
        }

        known.Add(new KnownAddress(address, now));
        return true;
    }
}
