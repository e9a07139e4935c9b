using System.Text.Json;
using System.Text.Json.Serialization;

namespace StatusPage.Application.Http;

/// <summary>
/// PostgreSQL cannot store the NUL character, and a statement that meets one can leave its pooled connection unusable
/// for the requests after it: no request carries one past the door, in its JSON or its query (Kestrel refuses one
/// in a path).
/// </summary>
public sealed class NulFreeText : JsonConverter<string>
{
    public const string Refusal = "Text may not contain the NUL character (\\u0000).";

    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Checked(reader.GetString()!);

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Checked(reader.GetString()!);

    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WritePropertyName(value);

    private static string Checked(string text) => text.Contains('\0') ? throw new JsonException(Refusal) : text;

    public static bool In(Microsoft.AspNetCore.Http.HttpRequest request) =>
        request.Query.Any(q => q.Key.Contains('\0') || q.Value.Any(v => v?.Contains('\0') == true));
}
