namespace AccessTokens.Api.Http;

/// <summary>Headers every response carries, the hot check path's included.</summary>
public static class SecurityHeaders
{
    /// <summary>
    /// Adds <c>X-Content-Type-Options: nosniff</c> to every response: a browser never reads an API body (a problem
    /// document, a token) as another type than the one it is sent with. Runs before routing, so the short-circuited
    /// check endpoints get it too.
    /// </summary>
    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        app.Use(static (context, next) =>
        {
            context.Response.Headers.XContentTypeOptions = "nosniff";
            return next(context);
        });
        return app;
    }
}
