using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using StatusPage.Domain.Shared;

namespace StatusPage.Application.Http;

/// <summary>RFC 7807 answers, so every refusal reads the same whichever layer refused.</summary>
public static class Problems
{
    public static ProblemDetails Details(int status, string title, string detail) =>
        new() { Status = status, Title = title, Detail = detail, Type = $"https://httpstatuses.io/{status}" };

    public static IResult Result(int status, string title, string detail) =>
        Results.Problem(Details(status, title, detail));

    public static IResult From(Rejection rejection) => rejection.Kind switch
    {
        RejectionKind.NotFound => Result(StatusCodes.Status404NotFound, "Not found", rejection.Detail),
        RejectionKind.Conflict => Result(StatusCodes.Status409Conflict, "Conflict", rejection.Detail),
        _ => Result(StatusCodes.Status400BadRequest, "Invalid request", rejection.Detail)
    };

    public static IResult NotFound(string what, object id) =>
        Result(StatusCodes.Status404NotFound, "Not found", $"{what} {id} does not exist.");

    public static IResult Invalid(string detail) => Result(StatusCodes.Status400BadRequest, "Invalid request", detail);

    public static Task Write(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(Details(status, title, detail), (System.Text.Json.JsonSerializerOptions?)null,
            "application/problem+json");
    }
}
