using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;

namespace StatusPage.Application.Http;

/// <summary>
/// Nothing is ever named by the nil GUID, yet it parses as an id, and Marten refuses it as a stream id with an
/// exception. Every route value of every API route is held to this constraint, so the nil GUID matches no route and
/// is 404 like any unknown id, before any endpoint or its loading steps see it.
/// </summary>
public sealed class NotNilGuid : IRouteConstraint
{
    public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection) =>
        !(values.TryGetValue(routeKey, out var value) && Guid.TryParse(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture), out var id)
          && id == Guid.Empty);

    public static void Apply(HttpChain chain) => chain.Add(endpoint =>
    {
        var route = (RouteEndpointBuilder)endpoint;
        var pattern = route.RoutePattern;
        if (pattern.Parameters.Count == 0) return;
        var constraints = new RouteValueDictionary();
        foreach (var parameter in pattern.Parameters) constraints[parameter.Name] = new NotNilGuid();
        route.RoutePattern = RoutePatternFactory.Parse(pattern.RawText!, new RouteValueDictionary(pattern.Defaults), constraints);
    });
}
