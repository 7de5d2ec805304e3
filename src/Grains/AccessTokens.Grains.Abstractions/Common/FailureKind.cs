namespace AccessTokens.Common;

/// <summary>The kinds of refusal an administrative operation can end in.</summary>
public enum FailureKind
{
    /// <summary>One or more fields break a rule (HTTP 400).</summary>
    Validation,

    /// <summary>The addressed record does not exist (HTTP 404).</summary>
    NotFound,

    /// <summary>The record already exists, or the change would break a rule that spans records (HTTP 409).</summary>
    Conflict,

    /// <summary>The caller may not do this (HTTP 403).</summary>
    Forbidden,
}
