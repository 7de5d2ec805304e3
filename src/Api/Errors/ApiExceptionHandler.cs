using System.Text.Json;
using System.Text.RegularExpressions;
using AccessTokens.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace AccessTokens.Api.Errors;

/// <summary>
/// Maps exceptions to problem details: unreadable requests to 400 with the offending field, an unreachable
/// cluster or store to 503, anything else to 500 without internals.
/// </summary>
public sealed partial class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    /// <inheritdoc />
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails problem;
        switch (exception)
        {
            case BadHttpRequestException { InnerException: JsonException json }:
                problem = new HttpValidationProblemDetails(JsonErrors(json)) { Status = 400, Title = "Invalid JSON body" };
                problem.Detail = "The request body is not valid for this endpoint; see errors.";
                break;
            case BadHttpRequestException bad:
                problem = new ProblemDetails { Status = bad.StatusCode, Title = "Bad request", Detail = RequestProblem(bad) };
                break;
            case StoreOutcomeUnknownException:
                Log.ClusterUnavailable(logger, exception);
                problem = new ProblemDetails
                {
                    Status = 503,
                    Title = "Outcome unknown",
                    Detail = "The token store neither confirmed nor refused the change, and could not be read back: it may or may not be stored. Read the record before retrying.",
                };
                httpContext.Response.Headers.RetryAfter = "5";
                break;
            case TimeoutException or OrleansException or System.Data.Common.DbException or System.Net.Sockets.SocketException:
                Log.ClusterUnavailable(logger, exception);
                problem = new ProblemDetails
                {
                    Status = 503,
                    Title = "Service unavailable",
                    Detail = "The token store is unavailable; nothing was changed. Retry shortly.",
                };
                httpContext.Response.Headers.RetryAfter = "5";
                break;
            default:
                Log.UnexpectedError(logger, exception);
                problem = new ProblemDetails { Status = 500, Title = "Internal error", Detail = "An unexpected error occurred." };
                break;
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    private static Dictionary<string, string[]> JsonErrors(JsonException json)
    {
        var unknown = UnknownProperty().Match(json.Message);
        if (unknown.Success)
        {
            return new() { [unknown.Groups[1].Value] = ["Unknown field."] };
        }

        var path = json.Path?.TrimStart('$', '.');
        return string.IsNullOrEmpty(path)
            ? new() { ["body"] = ["The body must be one well-formed JSON object with the fields of this endpoint."] }
            : new() { [path] = [json.Message.Contains("Duplicate", StringComparison.OrdinalIgnoreCase)
                ? "The field is given more than once."
                : "The value has the wrong type or format for this field."] };
    }

    private static string RequestProblem(BadHttpRequestException bad) => bad.StatusCode switch
    {
        StatusCodes.Status415UnsupportedMediaType => "Send the body as application/json.",
        _ when bad.Message.Contains("body was provided", StringComparison.Ordinal) || bad.Message.Contains("no body", StringComparison.Ordinal)
            => "A JSON body is required.",
        _ => "The request cannot be read.",
    };

    [GeneratedRegex("The JSON property '([^']+)' could not be mapped", RegexOptions.CultureInvariant)]
    private static partial Regex UnknownProperty();
}
