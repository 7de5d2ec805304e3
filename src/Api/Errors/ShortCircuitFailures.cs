using Microsoft.AspNetCore.Diagnostics;

namespace AccessTokens.Api.Errors;

/// <summary>
/// The exception handling a short-circuited endpoint skips with the middleware: a cluster or store failure
/// becomes the same problem response as on every other endpoint.
/// </summary>
public static class ShortCircuitFailures
{
    /// <summary>Awaits <paramref name="handler"/>, handing a failure to <paramref name="failures"/> while the response has not started.</summary>
    public static async Task GuardAsync(Task handler, HttpContext context, IExceptionHandler[] failures)
    {
        try
        {
            await handler;
        }
        catch (Exception exception) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            foreach (var failure in failures)
            {
                if (await failure.TryHandleAsync(context, exception, context.RequestAborted))
                {
                    return;
                }
            }

            throw;
        }
    }
}
