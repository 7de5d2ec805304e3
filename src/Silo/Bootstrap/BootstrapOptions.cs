namespace AccessTokens.Silo.Bootstrap;

/// <summary>First-start settings, bound from the <c>Bootstrap</c> configuration section.</summary>
public sealed class BootstrapOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Bootstrap";

    /// <summary>Login of the administrator created on an empty store. Default <c>admin</c>.</summary>
    public string AdminLogin { get; set; } = "admin";

    /// <summary>Password of that administrator; when empty, one is generated and written to <see cref="PasswordFile"/>.</summary>
    public string? AdminPassword { get; set; }

    /// <summary>
    /// Where a generated password is written, readable by the service's own user only (never to the log). Relative paths
    /// resolve against the folder the service was started from. Default <c>./data/initial-admin-password</c>.
    /// </summary>
    public string PasswordFile { get; set; } = "./data/initial-admin-password";
}
