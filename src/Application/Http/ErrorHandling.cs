using JasperFx;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace StatusPage.Application.Http;

/// <summary>
/// The failures that reach past the endpoints: a lost race for a stream (409), a duplicate unique value (409), a
/// request the server could not read (its own 4xx), text PostgreSQL cannot store (400). Anything else is a real 500.
/// </summary>
public sealed class KnownFailures : IExceptionHandler
{
    private const string LostRace = "Someone else changed this at the same moment. Reload and retry.";

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken token)
    {
        var (status, title, detail) = Unwrap(exception) switch
        {
            ConcurrencyException => (409, "Conflict", LostRace),
            // Two appends to one stream at once meet on the event store's (stream, version) key.
            PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: var key } when key?.Contains("stream_and_version") == true
                => (409, "Conflict", LostRace),
            PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } => (409, "Conflict", "That value is already taken."),
            // PostgreSQL text and jsonb cannot hold the NUL character, wherever in a request it came from.
            PostgresException { SqlState: PostgresErrorCodes.CharacterNotInRepertoire or PostgresErrorCodes.UntranslatableCharacter }
                => (400, "Bad request", "Text may not contain the NUL character (\\u0000)."),
            BadHttpRequestException bad => (bad.StatusCode, "Bad request", bad.Message),
            // ASP.NET Core's form reader refuses what no browser sends (a NUL character, too many fields).
            InvalidDataException bad when context.Request.HasFormContentType => (400, "Bad request", "The form could not be read: " + bad.Message),
            _ => (0, "", "")
        };
        if (status == 0) return false;
        await Problems.Write(context, status, title, detail);
        return true;
    }

    private static Exception Unwrap(Exception e) =>
        e is ConcurrencyException or PostgresException or BadHttpRequestException or InvalidDataException || e.InnerException is null
            ? e
            : Unwrap(e.InnerException);
}

public static class RequestLimits
{
    public const long MaxBodyBytes = 1024 * 1024;

    /// <summary>
    /// Refuses declared bodies over 1 MB before anything reads them; Kestrel's own limit catches undeclared
    /// (chunked) ones while they are read. A NUL character in the query (<see cref="NulFreeText"/>) and a JSON
    /// body that is just <c>null</c> (no command at all, which would reach the endpoints as a missing one) are refused
    /// here, once for every endpoint.
    /// </summary>
    public static IApplicationBuilder UseBodyLimit(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            await Problems.Write(context, StatusCodes.Status413PayloadTooLarge, "Payload too large",
                $"Request bodies are limited to {MaxBodyBytes} bytes.");
            return;
        }

        if (NulFreeText.In(context.Request))
        {
            await Problems.Write(context, StatusCodes.Status400BadRequest, "Bad request", NulFreeText.Refusal);
            return;
        }

        if (await IsJsonNull(context.Request))
        {
            await Problems.Write(context, StatusCodes.Status400BadRequest, "Bad request", "The request body must be a JSON object, not null.");
            return;
        }

        await next(context);
    });

    private const int ShortBody = 16;

    private static async Task<bool> IsJsonNull(HttpRequest request)
    {
        if (request.ContentLength is > ShortBody or 0 || request.HasJsonContentType() is false) return false;
        request.EnableBuffering();
        var buffer = new byte[ShortBody + 1];
        var read = 0;
        int last;
        while (read < buffer.Length && (last = await request.Body.ReadAsync(buffer.AsMemory(read), request.HttpContext.RequestAborted)) > 0)
            read += last;
        request.Body.Position = 0;
        return read <= ShortBody && System.Text.Encoding.UTF8.GetString(buffer, 0, read).Trim() == "null";
    }
}
