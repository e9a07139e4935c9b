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

    public static IResult From(Rejection rejection) => rejection switch
    {
        { Kind: RejectionKind.NotFound } => Result(StatusCodes.Status404NotFound, "Not found", rejection.Detail),
        { Kind: RejectionKind.Conflict } => Result(StatusCodes.Status409Conflict, "Conflict", rejection.Detail),
        { Field: { } field } => Invalid(field, rejection.Detail),
        _ => Invalid(rejection.Detail)
    };

    /// <summary>
    /// A refusal of one field: a validation problem whose <c>errors</c> map names it, so clients (and the dashboard's
    /// forms) place it without reading the English <c>detail</c>, which still says the same for people.
    /// </summary>
    public static IResult Invalid(string field, string detail) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [detail] }, detail, title: "Invalid request",
            type: $"https://httpstatuses.io/{StatusCodes.Status400BadRequest}");

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
