namespace AccessTokens.Resources;

/// <summary>The resources every catalogue has.</summary>
public static class BuiltInResources
{
    /// <summary>The admin endpoints: a bearer token must carry it to administer (read for GET and HEAD, write otherwise).</summary>
    public const string Admin = "admin";
}
