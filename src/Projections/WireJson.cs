using System.Text.Json;
using System.Text.Json.Serialization;

namespace StatusPage.Projections;

/// <summary>The JSON every client reads, over HTTP and live: camelCase, status words as Statuspage readers know them ("major_outage").</summary>
public static class WireJson
{
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        return options;
    }
}
