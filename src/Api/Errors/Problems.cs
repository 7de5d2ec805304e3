using AccessTokens.Common;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace AccessTokens.Api.Errors;

/// <summary>Problem results for refusals that grains return as values.</summary>
public static class Problems
{
    /// <summary>
    /// Writes <paramref name="problem"/> whatever the request accepts: a refusal is for the program that sent the
    /// request, and a client asking for HTML only gets the problem too, not a server error.
    /// </summary>
    public static async Task WriteWhateverAcceptedAsync(this IProblemDetailsService problems, HttpContext context, ProblemDetails problem)
    {
        if (!await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }))
        {
            context.Request.Headers.Remove("Accept");
            await problems.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
        }
    }

    /// <summary>A 400 with one message for one field.</summary>
    public static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] },
            detail: "The request has invalid fields; see errors.", title: "Invalid request");

    /// <summary>A 400 for a validation failure.</summary>
    public static ValidationProblem Invalid(Failure failure) =>
        TypedResults.ValidationProblem(failure.Errors ?? new Dictionary<string, string[]>(), detail: failure.Detail, title: "Invalid request");

    /// <summary>A 404 with a sentence saying what was not found.</summary>
    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    /// <summary>A 403 with a sentence saying what the caller may not do.</summary>
    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status403Forbidden, title: "Not allowed");

    /// <summary>The problem for a refusal of any kind other than validation.</summary>
    public static ProblemHttpResult Of(Failure failure) => failure.Kind switch
    {
        FailureKind.NotFound => NotFound(failure.Detail),
        FailureKind.Conflict => Conflict(failure.Detail),
        FailureKind.Forbidden => Forbidden(failure.Detail),
        _ => TypedResults.Problem(failure.Detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid request"),
    };

    /// <summary>A 409 with a sentence saying what conflicts.</summary>
    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict");
}
