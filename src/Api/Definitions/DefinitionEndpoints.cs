using System.Security.Claims;
using AccessTokens.Api.Audit;
using AccessTokens.Api.Authentication;
using AccessTokens.Api.Errors;
using AccessTokens.Api.Lists;
using AccessTokens.Api.OpenApi;
using AccessTokens.Common;
using AccessTokens.Definitions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AccessTokens.Api.Definitions;

/// <summary>The body of a definition's <c>POST</c> and <c>PATCH</c> (its name only in <c>POST</c>).</summary>
/// <typeparam name="TDefinition">What the catalog grain validates.</typeparam>
public interface IDefinitionBody<out TDefinition>
{
    /// <summary>The name: required in a creation; in a change, absent or the same.</summary>
    string? Name { get; }

    /// <summary>The definition the catalog grain validates.</summary>
    TDefinition ToDefinition();
}

/// <summary>What tells one kind of definition's endpoints from another's: its path, names, rules and words.</summary>
/// <param name="Kind">The singular, capitalised, as in operation names: <c>Profile</c>.</param>
/// <param name="Path">The collection's path: <c>/api/v1/profiles</c>.</param>
/// <param name="Tag">The OpenAPI tag.</param>
/// <param name="IsValidName">The name rule, checked before the grain is called.</param>
/// <param name="NameMessage">Why a name breaks the rule.</param>
/// <param name="RenameMessage">Why a change may not rename.</param>
/// <param name="Summaries">The OpenAPI summaries of create, list, get, change and delete.</param>
public sealed record DefinitionRoutes(
    string Kind,
    string Path,
    string Tag,
    Func<string?, bool> IsValidName,
    string NameMessage,
    string RenameMessage,
    (string Create, string List, string Get, string Update, string Delete) Summaries)
{
    /// <summary>The audit action of a change: <c>profile.create</c>.</summary>
    public string Action(string change) => $"{Kind.ToLowerInvariant()}.{change}";
}

/// <summary>
/// The endpoints of a kind of definition (profiles, resources): reads for token or user administrators, changes for
/// user administrators, each change audited; the catalog grain decides what each caller may change.
/// </summary>
public static class DefinitionEndpoints
{
    /// <summary>Maps <c>POST</c>, <c>GET</c> (list and one), <c>PATCH</c> and <c>DELETE</c> under <see cref="DefinitionRoutes.Path"/>.</summary>
    public static IEndpointRouteBuilder MapDefinitions<TGrain, TBody, TDefinition, TView>(this IEndpointRouteBuilder routes, DefinitionRoutes shape)
        where TGrain : IDefinitionCatalogGrain<TDefinition, TView>
        where TBody : class, IDefinitionBody<TDefinition>
        where TView : class, INamed
    {
        // The handlers are passed as Delegate values: ASP.NET Core's route handler analyzer cannot read a handler whose
        // parameters are type parameters (it fails on them), and the request delegate built at start sees closed types.
        Func<TBody, ClaimsPrincipal, IGrainFactory, Task<Results<Created<TView>, ValidationProblem, ProblemHttpResult>>> create =
            (body, principal, grains) => CreateAsync<TGrain, TDefinition, TView>(shape, body, principal, grains);
        Func<IGrainFactory, Task<Ok<ListPage<TView>>>> list = ListAsync<TGrain, TDefinition, TView>;
        Func<string, IGrainFactory, Task<Results<Ok<TView>, ProblemHttpResult>>> get =
            (name, grains) => GetAsync<TGrain, TDefinition, TView>(shape, name, grains);
        Func<string, TBody, ClaimsPrincipal, IGrainFactory, Task<Results<Ok<TView>, ValidationProblem, ProblemHttpResult>>> update =
            (name, body, principal, grains) => UpdateAsync<TGrain, TDefinition, TView>(shape, name, body, principal, grains);
        Func<string, ClaimsPrincipal, IGrainFactory, Task<Results<NoContent, ProblemHttpResult>>> delete = DeleteAsync<TGrain, TDefinition, TView>;

        var group = routes.MapGroup(shape.Path).WithTags(shape.Tag);
        var summaries = shape.Summaries;
        group.MapPost("/", (Delegate)create)
            .WithName($"Create{shape.Kind}").ProducesFailures().WithSummary(summaries.Create)
            .RequireAuthorization(AdminPolicy.Users)
            .Audited(shape.Action("create"), (context, _) => context.Arguments.OfType<TBody>().FirstOrDefault()?.Name);
        group.MapGet("/", (Delegate)list)
            .WithName($"List{shape.Kind}s").WithSummary(summaries.List).RequireAuthorization(AdminPolicy.Directory);
        group.MapGet("/{name}", (Delegate)get)
            .WithName($"Get{shape.Kind}").WithSummary(summaries.Get).RequireAuthorization(AdminPolicy.Directory);
        group.MapPatch("/{name}", (Delegate)update)
            .WithName($"Update{shape.Kind}").ProducesFailures().WithSummary(summaries.Update)
            .RequireAuthorization(AdminPolicy.Users)
            .Audited(shape.Action("update"), AuditedEndpoints.Route("name"));
        group.MapDelete("/{name}", (Delegate)delete)
            .WithName($"Delete{shape.Kind}").ProducesFailures().WithSummary(summaries.Delete)
            .RequireAuthorization(AdminPolicy.Users)
            .Audited(shape.Action("delete"), AuditedEndpoints.Route("name"));
        return routes;
    }

    private static async Task<Results<Created<TView>, ValidationProblem, ProblemHttpResult>> CreateAsync<TGrain, TDefinition, TView>(
        DefinitionRoutes shape, IDefinitionBody<TDefinition> body, ClaimsPrincipal principal, IGrainFactory grains)
        where TGrain : IDefinitionCatalogGrain<TDefinition, TView>
        where TView : class, INamed
    {
        if (!shape.IsValidName(body.Name))
        {
            return Problems.Invalid("name", shape.NameMessage);
        }

        var result = await grains.GetGrain<TGrain>(0).CreateAsync(body.Name!, body.ToDefinition(), CallerPermissions.CallerOf(principal));
        return result.Failure switch
        {
            { Kind: FailureKind.Validation } invalid => Problems.Invalid(invalid),
            { } refused => Problems.Of(refused),
            null => TypedResults.Created($"{shape.Path}/{result.View!.Name}", result.View),
        };
    }

    private static async Task<Ok<ListPage<TView>>> ListAsync<TGrain, TDefinition, TView>(IGrainFactory grains)
        where TGrain : IDefinitionCatalogGrain<TDefinition, TView>
        where TView : class, INamed =>
        TypedResults.Ok(new ListPage<TView>(await grains.GetGrain<TGrain>(0).ListAsync(), null));

    private static async Task<Results<Ok<TView>, ProblemHttpResult>> GetAsync<TGrain, TDefinition, TView>(DefinitionRoutes shape, string name, IGrainFactory grains)
        where TGrain : IDefinitionCatalogGrain<TDefinition, TView>
        where TView : class, INamed
    {
        var view = await grains.GetGrain<TGrain>(0).GetAsync(name);
        return view is null ? Problems.NotFound($"No {shape.Kind.ToLowerInvariant()} named '{name}' exists.") : TypedResults.Ok(view);
    }

    private static async Task<Results<Ok<TView>, ValidationProblem, ProblemHttpResult>> UpdateAsync<TGrain, TDefinition, TView>(
        DefinitionRoutes shape, string name, IDefinitionBody<TDefinition> body, ClaimsPrincipal principal, IGrainFactory grains)
        where TGrain : IDefinitionCatalogGrain<TDefinition, TView>
        where TView : class, INamed
    {
        if (body.Name is not null && body.Name != name)
        {
            return Problems.Invalid("name", shape.RenameMessage);
        }

        var result = await grains.GetGrain<TGrain>(0).UpdateAsync(name, body.ToDefinition(), CallerPermissions.CallerOf(principal));
        return result.Failure switch
        {
            { Kind: FailureKind.Validation } invalid => Problems.Invalid(invalid),
            { } refused => Problems.Of(refused),
            null => TypedResults.Ok(result.View!),
        };
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync<TGrain, TDefinition, TView>(string name, ClaimsPrincipal principal, IGrainFactory grains)
        where TGrain : IDefinitionCatalogGrain<TDefinition, TView>
        where TView : class, INamed =>
        await grains.GetGrain<TGrain>(0).DeleteAsync(name, CallerPermissions.CallerOf(principal)) is { } refused ? Problems.Of(refused) : TypedResults.NoContent();
}
