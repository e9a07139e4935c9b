using System.Text.Json.Nodes;

namespace StatusPage.Host.Dashboard;

/// <summary>
/// A form the API answered, shown again without JavaScript: what was typed, the API's status, its refusal placed
/// next to the field it names, or its answer (a key's secret, shown once).
/// </summary>
public sealed record FormState(string FormId, IReadOnlyDictionary<string, string> Values, int Status, string? Error, string? Field, JsonNode? Result)
{
    public const string ItemKey = "dashboard:form";

    public static FormState From(IFormCollection form, int status, JsonNode? body)
    {
        var values = form.Where(f => !f.Key.StartsWith("__")).ToDictionary(f => f.Key, f => f.Value.LastOrDefault() ?? "");
        var formId = values.GetValueOrDefault("_form", "");
        if (status is >= 200 and < 300) return new FormState(formId, values, status, null, null, body);
        var error = body?["detail"]?.GetValue<string>() ?? body?["title"]?.GetValue<string>() ?? $"The server answered {status}.";
        if (status == StatusCodes.Status403Forbidden) error = "Your role does not allow this. " + error;
        var field = (body?["errors"] as JsonObject)?.Select(e => e.Key).FirstOrDefault();
        return new FormState(formId, values, status, error, field, null);
    }

    public string? Value(string key) => Values.GetValueOrDefault(key);
}
