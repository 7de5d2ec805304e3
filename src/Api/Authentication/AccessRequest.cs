using AccessTokens.Profiles;

namespace AccessTokens.Api.Authentication;

/// <summary>
/// What a request asks of its credentials: a resource (none to authenticate only) and the access its method
/// needs. On admin endpoints Basic credentials need no resource: the profile's permissions decide. <see cref="Address"/>
/// is the end client's address when the endpoint learns it otherwise (a resource server's <c>address=</c>, a trusted
/// proxy's header); null for the connection's own.
/// </summary>
public readonly record struct AccessRequest(string? Resource, ResourceAccess Access, bool AdminEndpoint = false, System.Net.IPAddress? Address = null);
