using Microsoft.OpenApi;

namespace StatusPage.Host.Configuration;

/// <summary>
/// The OpenAPI document is for client generators: it names the bearer API key every call sends (so generated
/// clients and /api/reference send it too) and leaves out the dashboard, whose routes are HTML forms, not an API.
/// </summary>
public static class ApiDocument
{
    public const string Scheme = "ApiKey";

    public static IServiceCollection AddApiDocument(this IServiceCollection services) => services.AddOpenApi(options =>
    {
        options.ShouldInclude = description => description.RelativePath?.StartsWith("dashboard", StringComparison.OrdinalIgnoreCase) != true;
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[Scheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "sp_… API key, or the admin token",
                Description = "An organization's API key (owner, editor or viewer), or the instance's ADMIN_TOKEN for creating organizations."
            };
            document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Scheme, document)] = [] }];
            return Task.CompletedTask;
        });
    });
}
