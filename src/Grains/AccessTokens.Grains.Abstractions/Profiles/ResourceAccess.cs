using System.Text.Json.Serialization;

namespace AccessTokens.Profiles;

/// <summary>Which HTTP methods a profile lets its users use on a resource.</summary>
[Flags]
public enum ResourceAccess
{
    /// <summary>No method.</summary>
    [JsonStringEnumMemberName("none")]
    None = 0,

    /// <summary>GET and HEAD.</summary>
    [JsonStringEnumMemberName("read")]
    Read = 1,

    /// <summary>Every method but GET and HEAD.</summary>
    [JsonStringEnumMemberName("write")]
    Write = 2,

    /// <summary>Every method.</summary>
    [JsonStringEnumMemberName("readwrite")]
    ReadWrite = Read | Write,
}
