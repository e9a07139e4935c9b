using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Antiforgery;
using StatusPage.Application.Http;

namespace StatusPage.Host.Dashboard;

/// <summary>
/// Dashboard forms post straight to the HTTP API's routes, so every operator action runs the one endpoint, with its
/// policies and decisions, whether a script or a person in a browser calls it. This turns a browser's form post into
/// the API call and the API's answer back into a page:
/// <list type="bullet">
/// <item>every write the operator cookie authenticates (form or script) must carry the antiforgery token: 400 otherwise;</item>
/// <item><c>_method</c> gives PATCH and DELETE to forms (ASP.NET Core's method override), the fields become JSON (<see cref="FormJson"/>);</item>
/// <item>a script asking for JSON gets the API's own answer; a plain form is sent on to <c>_next</c> (or back to
/// <c>_return</c>) on success, and on refusal sees its <c>_return</c> page again with what was typed, the error next
/// to its field, and the API's status.</item>
/// </list>
/// </summary>
public static class FormBridge
{
    public static IApplicationBuilder UseFormBridge(this IApplicationBuilder app)
    {
        app.UseHttpMethodOverride(new HttpMethodOverrideOptions { FormFieldName = "_method" });
        return app.Use(Bridge);
    }

    private static async Task Bridge(HttpContext http, RequestDelegate next)
    {
        var request = http.Request;
        var byForm = request.HasFormContentType;
        // A form from a dashboard page comes with the antiforgery cookie that page set; anything else posting a form
        // to the API (a heartbeat sent with `curl -d`) is not the dashboard's business.
        var dashboardForm = byForm && string.IsNullOrEmpty(request.Headers.Authorization)
                            && request.Cookies.ContainsKey(DashboardAuthentication.AntiforgeryCookieName);
        if (!request.Path.StartsWithSegments("/api") || HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)
            || !(dashboardForm || DashboardAuthentication.ByOperatorCookie(request)))
        {
            await next(http);
            return;
        }

        try
        {
            await http.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(http);
        }
        catch (AntiforgeryValidationException)
        {
            await Problems.Write(http, StatusCodes.Status400BadRequest, "Bad request",
                "The form's antiforgery token is missing or invalid. Reload the page and try again.");
            return;
        }

        if (!byForm)
        {
            await next(http);
            return;
        }

        var form = await request.ReadFormAsync(http.RequestAborted);
        if (form.Files.Count > 0) Upload(request, form);
        else
        {
            var json = JsonSerializer.SerializeToUtf8Bytes(FormJson.Convert(form));
            request.Body = new MemoryStream(json);
            request.ContentType = "application/json";
            request.ContentLength = json.Length;
        }

        var page = LocalPage(form["_return"]);
        if (page is null || request.GetTypedHeaders().Accept.Any(a => a.MediaType == "application/json"))
        {
            await next(http);
            return;
        }

        var original = http.Response.Body;
        using var answer = new MemoryStream();
        http.Response.Body = answer;
        await next(http);
        http.Response.Body = original;

        var status = http.Response.StatusCode;
        var body = answer.Length > 0 && http.Response.ContentType?.Contains("json") == true ? JsonNode.Parse(answer.ToArray()) : null;
        http.Response.Clear();
        if (status is >= 200 and < 300 && form["_show"] != "result")
        {
            http.Response.StatusCode = StatusCodes.Status303SeeOther;
            http.Response.Headers.Location = LocalPage(form["_next"]) ?? page;
            return;
        }

        // The page is rendered again in this same request, as a GET, so nothing typed is lost to a redirect.
        http.Items[FormState.ItemKey] = FormState.From(form, status, body);
        request.Method = HttpMethods.Get;
        request.Path = page;
        request.QueryString = QueryString.Empty;
        request.Body = Stream.Null;
        request.ContentType = null;
        request.RouteValues.Clear();
        http.SetEndpoint(null);
        await next(http);
    }

    /// <summary>
    /// Routes that take a document (a CSV import) read it as the body and their options from the query string, so a
    /// form with a file sends the file as the body and its other fields, the last value of each, as the query.
    /// </summary>
    private static void Upload(HttpRequest request, IFormCollection form)
    {
        var file = form.Files[0];
        request.Body = file.OpenReadStream();
        request.ContentType = string.IsNullOrEmpty(file.ContentType) ? "application/octet-stream" : file.ContentType;
        request.ContentLength = file.Length;
        request.QueryString = QueryString.Create(form.Where(f => !f.Key.StartsWith('_'))
            .Select(f => KeyValuePair.Create(f.Key, (string?)f.Value.LastOrDefault())));
    }

    /// <summary>Only the dashboard's own pages, never another site: a form cannot be made into an open redirect.</summary>
    private static string? LocalPage(string? path) =>
        path is { Length: > 0 } && path.StartsWith("/dashboard", StringComparison.Ordinal) && !path.Contains("//") && !path.Contains('\\')
            ? path.Split('?')[0]
            : null;
}
