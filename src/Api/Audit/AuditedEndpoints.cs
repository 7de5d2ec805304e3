using System.Security.Claims;

namespace AccessTokens.Api.Audit;

/// <summary>Records every call of an administrative endpoint in the audit trail, with its outcome.</summary>
public static class AuditedEndpoints
{
    /// <summary>
    /// Records the call after the handler ran: actor, <paramref name="action"/>, the target that
    /// <paramref name="target"/> reads from the arguments or the response value, and the outcome. The record is
    /// stored before the response is sent; when the trail cannot take it, what the handler did stands and is answered
    /// as done, and the record waits in <see cref="AuditBacklog"/> until it is stored.
    /// </summary>
    public static RouteHandlerBuilder Audited(
        this RouteHandlerBuilder builder,
        string action,
        Func<EndpointFilterInvocationContext, object?, string?> target) =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var trail = http.RequestServices.GetRequiredService<AuditTrail>();
            var actor = http.User.FindFirst(ClaimTypes.Name)?.Value ?? "anonymous";
            object? result;
            try
            {
                result = await next(context);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                await trail.RecordRefusalAsync(http, actor, action, target(context, null) ?? "-", "error", known: true);
                throw;
            }

            var inner = result is INestedHttpResult nested ? nested.Result : result as IResult;
            var status = (inner as IStatusCodeHttpResult)?.StatusCode ?? StatusCodes.Status200OK;
            var value = (inner as IValueHttpResult)?.Value;
            await trail.RecordAsync(http, actor, action, target(context, status < 300 ? value : null) ?? "-", OutcomeOf(status));
            return result;
        });

    /// <summary>A target read from a route value.</summary>
    public static Func<EndpointFilterInvocationContext, object?, string?> Route(string key) =>
        (context, _) => context.HttpContext.GetRouteValue(key) as string;

    private static string OutcomeOf(int status) => status switch
    {
        < 300 => "success",
        400 => "invalid",
        403 => "denied",
        404 => "not-found",
        409 => "conflict",
        _ => status.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
