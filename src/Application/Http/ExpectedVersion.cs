using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Frames;
using JasperFx.CodeGeneration.Model;
using Microsoft.AspNetCore.Mvc;
using StatusPage.Domain.Shared;
using Wolverine.Middleware;

namespace StatusPage.Application.Http;

/// <summary>
/// Optimistic concurrency as integrators send it: <c>If-Match: "7"</c> or <c>expectedVersion</c> in the body.
/// Checked against the stream version Wolverine loaded; Marten's own check on commit covers the race after that.
/// </summary>
public static class ExpectedVersion
{
    /// <summary>Nothing loaded (an optional aggregate that is not there) leaves the endpoint to say so.</summary>
    public static ProblemDetails Check(HttpContext http, long? bodyVersion, IVersioned? aggregate)
    {
        if (aggregate is null) return WolverineContinue.NoProblems;
        var header = http.Request.Headers.IfMatch.ToString();
        long? expected = bodyVersion;
        if (header.Length > 0 && header != "*")
        {
            if (!long.TryParse(header.Trim().TrimStart('W', '/').Trim('"'), out var parsed))
                return Problems.Details(StatusCodes.Status400BadRequest, "Invalid request", $"If-Match '{header}' is not a version.");
            expected = parsed;
        }

        return expected is { } version && version != aggregate.Version
            ? Problems.Details(StatusCodes.Status409Conflict, "Conflict",
                $"Expected version {version} but it is at version {aggregate.Version}: someone else changed it first. Reload and retry.")
            : WolverineContinue.NoProblems;
    }

    public static void Tag(HttpContext http, long version) => http.Response.Headers.ETag = $"\"{version}\"";
}

/// <summary>
/// Puts <see cref="ExpectedVersion.Check"/> in front of every endpoint that writes an aggregate, after the aggregate
/// is loaded and the endpoint's own loading steps ran, so a new write endpoint honours If-Match without asking. The
/// body's <c>expectedVersion</c> is read from a request type that declares one.
/// </summary>
public sealed class ExpectedVersionPolicy : IHttpPolicy
{
    public void Apply(IReadOnlyList<HttpChain> chains, GenerationRules rules, IServiceContainer container)
    {
        foreach (var chain in chains)
        {
            var parameters = chain.Method.Method.GetParameters();
            var written = Array.FindIndex(parameters, p => p.IsDefined(typeof(WriteAggregateAttribute), true));
            if (written < 0) continue;
            if (!typeof(IVersioned).IsAssignableFrom(parameters[written].ParameterType))
                throw new InvalidOperationException(
                    $"{chain.Description} writes {parameters[written].ParameterType.Name}, which is not {nameof(IVersioned)}: If-Match could not be checked.");

            var check = new MethodCall(typeof(ExpectedVersion), nameof(ExpectedVersion.Check));
            check.Arguments[1] = BodyVersion(chain) ?? new Variable(typeof(long?), "null");
            check.Arguments[2] = chain.Method.Arguments[written];
            chain.Middleware.Add(check);
            if (rules.TryFindContinuationHandler(chain, check, out var stop)) chain.Middleware.Add(stop!);
        }
    }

    private static MemberAccessVariable? BodyVersion(HttpChain chain)
    {
        var property = chain.RequestType?.GetProperty(nameof(ExpectedVersion));
        if (property is null) return null;
        var body = chain.Method.Arguments.FirstOrDefault(a => a?.VariableType == chain.RequestType)
            ?? throw new InvalidOperationException($"{chain.Description} reads a body its endpoint method does not take: its {nameof(ExpectedVersion)} could not be checked.");
        return new MemberAccessVariable(body, property);
    }
}
