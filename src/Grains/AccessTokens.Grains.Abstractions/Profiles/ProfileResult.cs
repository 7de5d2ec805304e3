using AccessTokens.Common;

namespace AccessTokens.Profiles;

/// <summary>The profile after a change, or why the change was refused.</summary>
[GenerateSerializer, Immutable, Alias("AccessTokens.ProfileResult")]
public sealed record ProfileResult([property: Id(0)] ProfileView? Profile, [property: Id(1)] Failure? Failure);
