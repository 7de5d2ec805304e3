using AccessTokens.Profiles;

namespace AccessTokens.Api.Authentication;

/// <summary>
/// What a request asks of its credentials: a resource (none to authenticate only) and the access its method
/// needs. On admin endpoints Basic credentials need no resource: the profile's permissions decide.
/// </summary>
public readonly record struct AccessRequest(string? Resource, ResourceAccess Access, bool AdminEndpoint = false);
