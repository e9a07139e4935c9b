using Microsoft.AspNetCore.RateLimiting;
using StatusPage.Application;
using StatusPage.Application.Http;
using StatusPage.Application.Subscribers;
using StatusPage.Domain.Subscribers;
using StatusPage.Host.Configuration;
using StatusPage.Host.PublicPages.Html;
using Wolverine;

namespace StatusPage.Host.Subscriptions;

/// <summary>
/// The subscriber's HTML pages: the status page's subscribe form, the verification page, the manage page and
/// unsubscribe (a form button, or an RFC 8058 one-click POST from the mail client to the List-Unsubscribe address).
/// A forged, expired or used-up link gets a friendly page, never an error. The forms carry no antiforgery token:
/// the status page is one cached document for all readers, and the link's secret already proves who may post.
/// </summary>
public static class SubscriptionPages
{
    private const string LinkNotValid = "This link is not valid any more. It may have expired or been replaced by a newer email; subscribe again on the status page if you want updates.";

    private const string NotSubscribed = "This address gets no emails from this status page. Subscribe again on the status page if you want updates.";

    public static void MapSubscriptionPages(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/{slug}/subscribe", async (string slug, HttpContext http, Application.Subscribers.Subscriptions subscriptions, IMessageBus bus) =>
        {
            if (await subscriptions.Page(slug, http.RequestAborted) is not { } organization) return Results.NotFound();
            var form = await http.Request.ReadFormAsync(http.RequestAborted);
            var ids = form["componentIds"].Select(v => Guid.TryParse(v, out var id) ? id : Guid.Empty).ToList();
            var rejection = await subscriptions.Subscribe(organization.Id, [new Signup(form["email"], ids)], SubscriptionSource.Page, false, bus, http.RequestAborted);
            return await Page(http, organization.Name, organization.Slug,
                rejection is null ? "Check your inbox" : "That did not work", rejection?.Detail ?? SubscribeToPageEndpoint.Accepted,
                status: rejection is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
        }).RequireRateLimiting(EmailSetup.SubscribeRateLimit).TakesForm().MayBeFramed();

        // Mail scanners open every link in a message: only the button on this page confirms, never the link itself.
        endpoints.MapGet("/subscribe/{token}", async (string token, HttpContext http, Application.Subscribers.Subscriptions subscriptions) =>
            await subscriptions.Pending(token, http.RequestAborted) is { Subscriber.State: SubscriberState.Pending } pending
                ? await Page(http, pending.Organization.Name, pending.Organization.Slug, "Confirm your subscription",
                    "Confirm that you want emails from this status page at this address.", confirm: token)
                : await Show(http, null, "", "")).AddressHoldsSecret();

        endpoints.MapPost("/subscribe/{token}", async (string token, HttpContext http, Application.Subscribers.Subscriptions subscriptions) =>
            await Show(http, await subscriptions.Confirm(token, http.RequestAborted), "Subscription confirmed",
                "You will get an email when something changes. Choose what you hear about below, or leave at any time.")).AddressHoldsSecret();

        endpoints.MapGet("/unsubscribe/{token}", async (string token, HttpContext http, Application.Subscribers.Subscriptions subscriptions) =>
            await Show(http, await subscriptions.Manage(token, http.RequestAborted), "Your subscription", "Choose what you hear about, or leave."))
            .AddressHoldsSecret();

        endpoints.MapPost("/unsubscribe/{token}", async (string token, HttpContext http, Application.Subscribers.Subscriptions subscriptions) =>
        {
            var oneClick = http.Request.HasFormContentType && (await http.Request.ReadFormAsync(http.RequestAborted))["List-Unsubscribe"] == "One-Click";
            return await subscriptions.Unsubscribe(token, oneClick ? "one-click" : "page", http.RequestAborted) is { } left
                ? await Page(http, left.Organization.Name, left.Organization.Slug, "Unsubscribed", "You will get no more emails from this status page.")
                : await Show(http, null, "", "");
        }).AddressHoldsSecret();

        endpoints.MapPost("/unsubscribe/{token}/components", async (string token, HttpContext http, Application.Subscribers.Subscriptions subscriptions) =>
        {
            var form = await http.Request.ReadFormAsync(http.RequestAborted);
            var ids = form["scope"] == "all" ? [] : form["componentIds"].Select(v => Guid.TryParse(v, out var id) ? id : Guid.Empty).ToList();
            return await Show(http, await subscriptions.ChangeComponents(token, ids, http.RequestAborted), "Saved", "Your choice is saved.");
        }).TakesForm().AddressHoldsSecret();
    }

    /// <summary>The page after a step on a subscription; one that is not (or no longer) verified has no choices to offer.</summary>
    private static Task<IResult> Show(HttpContext http, SubscriptionView? view, string heading, string message) => view switch
    {
        null => Page(http, "Status page", "", "This link does not work", LinkNotValid, status: StatusCodes.Status404NotFound),
        { Subscriber.State: SubscriberState.Verified } => Page(http, view.Organization.Name, view.Organization.Slug, heading, message, view),
        _ => Page(http, view.Organization.Name, view.Organization.Slug, "Not subscribed", NotSubscribed)
    };

    private static async Task<IResult> Page(
        HttpContext http, string name, string slug, string heading, string message, SubscriptionView? view = null, int status = StatusCodes.Status200OK,
        string? confirm = null)
    {
        var html = await PublicHtml.Render<SubscriptionDocument>(http.RequestServices, new()
        {
            ["Name"] = name, ["Slug"] = slug, ["Heading"] = heading, ["Message"] = message, ["View"] = view, ["Confirm"] = confirm
        });
        http.Response.Headers.CacheControl = "no-store";
        return Results.Text(html, "text/html; charset=utf-8", statusCode: status);
    }
}
