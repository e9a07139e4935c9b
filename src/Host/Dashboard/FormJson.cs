using System.Globalization;
using System.Text.Json.Nodes;

namespace StatusPage.Host.Dashboard;

/// <summary>
/// An HTML form as the JSON the HTTP API reads, so a dashboard form is an API call. Field names say the shape:
/// <c>a.b</c> nests (<c>components.{id}</c>), <c>a[]</c> collects every value, and a suffix says the type:
/// <c>:int</c>, <c>:number</c> (a decimal point), <c>:bool</c> (the last value wins, so a hidden "false" before a checkbox gives a default),
/// <c>:null</c> (empty means null), <c>:utc</c> (a datetime-local value in UTC). Fields starting with "_" steer the
/// dashboard and are left out; empty typed or nested values are left out too, as absent.
/// </summary>
public static class FormJson
{
    public static JsonObject Convert(IFormCollection form)
    {
        var json = new JsonObject();
        foreach (var (key, values) in form)
        {
            if (key.StartsWith('_')) continue;
            var (path, type) = Split(key);
            var names = path.Split('.');
            JsonNode? value;
            if (path.EndsWith("[]"))
            {
                names[^1] = names[^1][..^2];
                value = new JsonArray(values.Where(v => !string.IsNullOrEmpty(v)).Select(v => (JsonNode)JsonValue.Create(v)!).ToArray());
            }
            else
            {
                var text = values.LastOrDefault() ?? "";
                if (text.Length == 0 && (type is not (null or "null") || names.Length > 1)) continue;
                value = Typed(text, type);
            }

            var target = json;
            foreach (var name in names[..^1])
            {
                if (target[name] is not JsonObject inner) target[name] = inner = new JsonObject();
                target = inner;
            }

            target[names[^1]] = value;
        }

        return json;
    }

    /// <summary>The field a value belongs to, as API problems name it: "position:int" and "components.{id}" are "position" and "components".</summary>
    public static string FieldOf(string key) => Split(key).Path.Split('.')[0].TrimEnd(']', '[');

    private static (string Path, string? Type) Split(string key)
    {
        var colon = key.LastIndexOf(':');
        return colon < 0 ? (key, null) : (key[..colon], key[(colon + 1)..]);
    }

    /// <summary>What does not parse goes on as text, for the API to refuse with its own words.</summary>
    private static JsonNode? Typed(string text, string? type) => type switch
    {
        "int" when long.TryParse(text, out var number) => number,
        "number" when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) => real,
        "bool" => text is "true" or "on",
        "null" when text.Length == 0 => null,
        "utc" when DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            => at.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        _ => text
    };
}
