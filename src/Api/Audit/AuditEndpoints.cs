using AccessTokens.Api.Authentication;
using AccessTokens.Api.Errors;
using AccessTokens.Api.Users;
using AccessTokens.Audit;
using Microsoft.AspNetCore.Http.HttpResults;
using AccessTokens.Api.Lists;

namespace AccessTokens.Api.Audit;

/// <summary>The <c>/api/v1/audit</c> endpoint.</summary>
public static class AuditEndpoints
{
    /// <summary>Longest actor or target filter.</summary>
    public const int MaxFilterLength = 256;

    /// <summary>Maps the audit trail, readable by user administrators.</summary>
    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/audit", ListAsync).WithTags("Audit").WithName("ListAudit")
            .WithSummary("Page through administrative actions, newest first")
            .RequireAuthorization(AdminPolicy.Users);
        return routes;
    }

    private static async Task<Results<Ok<ListPage<AuditEntryView>>, ValidationProblem>> ListAsync(
        string? actor, string? target, string? limit, string? cursor, IGrainFactory grains)
    {
        if (actor is { Length: > MaxFilterLength } || target is { Length: > MaxFilterLength })
        {
            return Problems.Invalid(actor is { Length: > MaxFilterLength } ? "actor" : "target", $"Filters are at most {MaxFilterLength} characters.");
        }

        if (!Paging.TryParseLimit(limit, out var size))
        {
            return Problems.Invalid("limit", Paging.LimitMessage);
        }

        long? before = null;
        if (cursor is not null)
        {
            if (!Cursor.TryDecodeAudit(cursor, out var sequence))
            {
                return Problems.Invalid("cursor", "The cursor is not valid; use the 'next' value of a previous page.");
            }

            before = sequence;
        }

        var page = await grains.GetGrain<IAuditLogGrain>(0).QueryAsync(
            new AuditQuery(string.IsNullOrEmpty(actor) ? null : actor, string.IsNullOrEmpty(target) ? null : target, before, size));
        return TypedResults.Ok(new ListPage<AuditEntryView>(
            [.. page.Items.Select(AuditEntryView.From)], page.Next is { } next ? Cursor.Encode(next) : null));
    }
}
