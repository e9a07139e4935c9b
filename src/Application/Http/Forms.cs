using Microsoft.AspNetCore.Builder;

namespace StatusPage.Application.Http;

public static class Forms
{
    /// <summary>
    /// The endpoint reads a browser's form: anything else is 415 before the endpoint runs, where reading it as a form
    /// would throw. Routing refuses other content types; the filter, a request that names none.
    /// </summary>
    public static RouteHandlerBuilder TakesForm(this RouteHandlerBuilder endpoint) => endpoint
        .Accepts<IFormCollection>("application/x-www-form-urlencoded", "multipart/form-data")
        .AddEndpointFilter(async (context, next) => context.HttpContext.Request.HasFormContentType
            ? await next(context)
            : Problems.Result(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "This takes a form (application/x-www-form-urlencoded or multipart/form-data)."));
}
