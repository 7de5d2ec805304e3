using AccessTokens.Api.Errors;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace AccessTokens.Api.AdminScreen;

/// <summary>
/// Refuses, with 400, every state-changing request (anything but GET, HEAD, OPTIONS and TRACE) that the
/// admin screen's cookie authenticates unless it carries a valid anti-forgery request token header.
/// Requests authenticated by an <c>Authorization</c> header alone are not concerned: a browser never adds
/// that header across sites by itself.
/// </summary>
public sealed class CookieAntiforgeryMiddleware(RequestDelegate next, IAntiforgery antiforgery, IProblemDetailsService problems, ILogger<CookieAntiforgeryMiddleware> logger)
{
    /// <summary>Checks the request, then passes it on.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        var method = context.Request.Method;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method)
            || !context.Request.Cookies.ContainsKey(AdminCookie.CookieName))
        {
            await next(context);
            return;
        }

        var cookie = await context.AuthenticateAsync(AdminCookie.SchemeName);
        if (cookie.Succeeded)
        {
            // The request token is bound to the signed-in user: validation compares it with this principal.
            context.User = cookie.Principal;
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                Log.AntiforgeryRefused(logger, method, context.Request.Path);
                await WriteRefusalAsync(context, problems);
                return;
            }
        }

        await next(context);
    }

    private static Task WriteRefusalAsync(HttpContext context, IProblemDetailsService problems)
    {
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        return problems.WriteWhateverAcceptedAsync(context, new ProblemDetails
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "Anti-forgery check failed",
            Detail = "The request did not carry a valid anti-forgery token. Reload the page and try again.",
        });
    }
}
