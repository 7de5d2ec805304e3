namespace AccessTokens.Api.Errors;

/// <summary>Gives the framework's own problem responses (404, 405, 415…) a sentence a person can act on.</summary>
public static class ProblemDefaults
{
    /// <summary>Fills <c>detail</c> where the framework left it empty.</summary>
    public static void Fill(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        problem.Detail ??= problem.Status switch
        {
            StatusCodes.Status404NotFound => "There is no endpoint at this path; see /openapi/v1.json.",
            StatusCodes.Status405MethodNotAllowed => $"This path does not accept {context.HttpContext.Request.Method}; see /openapi/v1.json.",
            StatusCodes.Status415UnsupportedMediaType => "Send the body as application/json.",
            _ => "The request could not be handled.",
        };
    }
}
