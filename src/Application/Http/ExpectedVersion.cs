using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace StatusPage.Application.Http;

/// <summary>
/// Optimistic concurrency as integrators send it: <c>If-Match: "7"</c> or <c>expectedVersion</c> in the body.
/// Checked against the stream version Wolverine loaded; Marten's own check on commit covers the race after that.
/// </summary>
public static class ExpectedVersion
{
    public static ProblemDetails Check(HttpContext http, long? bodyVersion, long actual)
    {
        var header = http.Request.Headers.IfMatch.ToString();
        long? expected = bodyVersion;
        if (header.Length > 0 && header != "*")
        {
            if (!long.TryParse(header.Trim().TrimStart('W', '/').Trim('"'), out var parsed))
                return Problems.Details(StatusCodes.Status400BadRequest, "Invalid request", $"If-Match '{header}' is not a version.");
            expected = parsed;
        }

        return expected is { } version && version != actual
            ? Problems.Details(StatusCodes.Status409Conflict, "Conflict",
                $"Expected version {version} but it is at version {actual}: someone else changed it first. Reload and retry.")
            : WolverineContinue.NoProblems;
    }

    public static void Tag(HttpContext http, long version) => http.Response.Headers.ETag = $"\"{version}\"";
}
