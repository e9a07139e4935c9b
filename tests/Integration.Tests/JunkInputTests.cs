using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

using StatusPage.Integration.Tests.Monitors;
using Xunit.Abstractions;

namespace StatusPage.Integration.Tests;

/// <summary>
/// Every operation of the OpenAPI document, sent as an owner of a real organization would send it but with junk in
/// its ids, body and paging: each answer is a 4xx ProblemDetails (or a success), never a 5xx. A new route is walked
/// the moment it is in the document.
/// </summary>
[Collection(StatusPageCollection.Name)]
public sealed class JunkInputTests(StatusPageFixture fixture, ITestOutputHelper output)
{
    private const int Parallel = 8;

    private static readonly string[] JunkIds =
        [Guid.Empty.ToString(), Guid.NewGuid().ToString(), "not-a-guid", "99999999999999999999999999", "-1"];

    private static readonly string[] JunkNumbers =
        ["-1", "0", "-2147483648", "2147483647", "2147483648", "99999999999999999999999999", "1e309", "abc", ""];

    private static readonly string Oversized = "{\"name\": \"" + new string('x', (int)Application.Http.RequestLimits.MaxBodyBytes + 1) + "\"}";

    [Fact]
    public async Task Every_operation_answers_junk_ids_bodies_and_paging_with_a_4xx_problem_never_a_5xx()
    {
        var org = await fixture.NewOrganization();
        var existing = await Existing(org);
        var document = JsonNode.Parse(await fixture.Client().GetStringAsync("/openapi/v1.json"))!;
        var probes = Operations(document).SelectMany(operation => Probes(operation, org, existing, document)).ToList();

        var failures = new ConcurrentBag<string>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var logged = fixture.ErrorLog.Count;
        await System.Threading.Tasks.Parallel.ForEachAsync(probes, new ParallelOptions { MaxDegreeOfParallelism = Parallel }, async (probe, _) =>
        {
            foreach (var bearer in new[] { org.OwnerKey, StatusPageFixture.AdminToken })
            {
                var (status, mediaType, text) = await Send(probe, bearer);
                // A page (outside /api) answers a person with a page of its own.
                var page = mediaType == "text/html" && !probe.Path.StartsWith("/api/");
                if (status >= 500 || status >= 400 && mediaType != "application/problem+json" && !page)
                    failures.Add($"{probe} → {status} {mediaType}: {text[..Math.Min(text.Length, 300)]}");
                // The owner key reaches every handler but the admin's; the admin token is tried only where the key may not go.
                if (status is not (401 or 403)) break;
            }
        });

        output.WriteLine($"{probes.Count} junk requests to {Operations(document).Count()} operations in {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(failures.IsEmpty, $"{failures.Count} of {probes.Count} junk requests were not a 4xx ProblemDetails:\n" +
                                      string.Join("\n", failures.Order()));
        var unhandled = fixture.ErrorLog.UnhandledSince(logged);
        Assert.True(unhandled.Count == 0, "The host logged unhandled exceptions for junk requests:\n" + string.Join("\n", unhandled));
    }

    /// <summary>
    /// One thing of each kind in the organization, by the collection its routes name it under, so that junk bodies
    /// and paging also reach the handlers past their loading steps. The key is not the owner's: the walk may revoke it.
    /// </summary>
    private static async Task<Dictionary<string, Guid>> Existing(TestOrganization org)
    {
        var group = await org.AddGroup();
        var component = await org.AddComponent("API", group);
        var now = org.Fixture.Clock.GetUtcNow();
        var webhook = await org.Owner.PostAsJsonAsync(org.Api("/webhooks"), new { url = $"http://127.0.0.1:{HostProcess.FreePort()}/hook" });
        var key = await org.Owner.PostAsJsonAsync(org.Api("/api-keys"), new { name = "walked", role = "viewer" });
        Assert.Equal(201, (int)webhook.StatusCode);
        Assert.Equal(201, (int)key.StatusCode);
        return new()
        {
            ["groups"] = group, ["components"] = component, ["incidents"] = await org.Declare(component),
            ["maintenances"] = await org.ScheduleMaintenance(now.AddDays(1), now.AddDays(2), false, component),
            ["monitors"] = await org.AttachMonitor(component, new { type = "http", url = "http://127.0.0.1/" }),
            ["webhooks"] = await webhook.Id(), ["api-keys"] = await key.Id()
        };
    }

    private sealed record Operation(HttpMethod Method, string Path, JsonNode Node);

    private sealed record Probe(HttpMethod Method, string Path, string What, string? Body = null, bool Chunked = false, string? IfMatch = null)
    {
        public override string ToString() => $"{Method} {Path} ({What})";
    }

    private static IEnumerable<Operation> Operations(JsonNode document) =>
        from path in document["paths"]!.AsObject()
        from operation in path.Value!.AsObject()
        where operation.Key is "get" or "post" or "put" or "patch" or "delete"
        select new Operation(new HttpMethod(operation.Key.ToUpperInvariant()), path.Key, operation.Value!);

    private static IEnumerable<Probe> Probes(Operation operation, TestOrganization org, Dictionary<string, Guid> existing, JsonNode document)
    {
        var routeValues = Parameters(operation.Node, "path").ToList();
        var ids = routeValues.Where(name => name != "org").ToList();
        var real = Route(operation.Path, (collection, name) =>
            name == "org" ? org.Id.ToString() : name == "slug" ? org.Slug : existing.TryGetValue(collection, out var id) ? id.ToString() : Guid.NewGuid().ToString());
        var paths = routeValues.Count == 0
            ? [real]
            : JunkIds.Select(junk => Route(operation.Path, name => name == "org" && ids.Count > 0 ? org.Id.ToString() : junk))
                .Concat(routeValues.Contains("org") && ids.Count > 0 ? JunkIds.Select(junk => Route(operation.Path, name => name == "org" ? junk : Guid.NewGuid().ToString())) : [])
                .Append(real)
                .Distinct()
                .ToList();

        var schema = Resolve(operation.Node["requestBody"]?["content"]?.AsObject().FirstOrDefault().Value?["schema"], document);
        var takesBody = operation.Method != HttpMethod.Get && operation.Method != HttpMethod.Delete;
        foreach (var path in paths)
        {
            if (!takesBody)
            {
                yield return new Probe(operation.Method, path, "no body");
                continue;
            }

            foreach (var (what, body) in Bodies(schema, document))
                yield return new Probe(operation.Method, path, what, body);
            yield return new Probe(operation.Method, path, "oversized body", Oversized);
            yield return new Probe(operation.Method, path, "oversized chunked body", Oversized, Chunked: true);
            yield return new Probe(operation.Method, path, "huge If-Match", "{}", IfMatch: "\"99999999999999999999999999\"");
            yield return new Probe(operation.Method, path, "negative If-Match", "{}", IfMatch: "\"-1\"");
        }

        foreach (var query in Parameters(operation.Node, "query"))
        foreach (var junk in JunkNumbers)
            yield return new Probe(operation.Method, $"{real}?{query}={Uri.EscapeDataString(junk)}", $"{query}={junk}", takesBody ? "{}" : null);
    }

    private static IEnumerable<string> Parameters(JsonNode operation, string location) =>
        operation["parameters"]?.AsArray().Where(p => p!["in"]!.GetValue<string>() == location).Select(p => p!["name"]!.GetValue<string>()) ?? [];

    private static string Route(string template, Func<string, string> value) => Route(template, (_, name) => value(name));

    /// <summary>The template with each parameter's value, given the segment before it (its collection) and its name.</summary>
    private static string Route(string template, Func<string, string, string> value) =>
        System.Text.RegularExpressions.Regex.Replace(template, "([^/]*)/{([^}]+)}",
            m => $"{m.Groups[1].Value}/{Uri.EscapeDataString(value(m.Groups[1].Value, m.Groups[2].Value))}");

    private static IEnumerable<(string What, string Body)> Bodies(JsonNode? schema, JsonNode document)
    {
        yield return ("malformed JSON", "{\"name\": ");
        yield return ("not JSON", "<xml/>");
        yield return ("empty body", "");
        yield return ("empty object", "{}");
        yield return ("an array", "[]");
        yield return ("a number", "-1");
        yield return ("a string", "\"x\"");
        if (schema is null) yield break;
        yield return ("wrong types", Json(Value(schema, document, Junk.WrongType, 0)));
        yield return ("nulls", Json(Value(schema, document, Junk.Null, 0)));
        yield return ("lowest values", Json(Value(schema, document, Junk.Lowest, 0)));
        yield return ("highest values", Json(Value(schema, document, Junk.Highest, 0)));
    }

    private static string Json(JsonNode? value) => value?.ToJsonString() ?? "null";

    private enum Junk { WrongType, Null, Lowest, Highest }

    /// <summary>A value for the schema: each property of the top object gets the junk, nested objects are walked.</summary>
    private static JsonNode? Value(JsonNode schema, JsonNode document, Junk junk, int depth)
    {
        schema = Resolve(schema, document)!;
        if ((schema["oneOf"] ?? schema["anyOf"]) is JsonArray options)
            return Value(options.First(option => !Types(Resolve(option, document)!).SetEquals(["null"]))!, document, junk, depth);
        var type = Types(schema);
        if (type.Contains("object") || schema["properties"] is not null)
        {
            if (depth > 0 && junk == Junk.Null) return null;
            if (depth > 3) return new JsonObject();
            if (schema["properties"] is JsonObject properties)
                return new JsonObject(properties.Select(p => KeyValuePair.Create(p.Key, Value(p.Value!, document, junk, depth + 1))));
            if (schema["additionalProperties"] is JsonObject values)
                return new JsonObject { [junk == Junk.Highest ? Guid.NewGuid().ToString() : Guid.Empty.ToString()] = Value(values, document, junk, depth + 1) };
            return new JsonObject();
        }

        if (junk == Junk.Null) return null;
        if (junk == Junk.WrongType)
            return type.Contains("string") ? new JsonArray(1, 2) : type.Contains("array") ? new JsonObject { ["a"] = 1 } : "not a number";
        var high = junk == Junk.Highest;
        if (type.Contains("array"))
        {
            var items = new JsonArray();
            for (var i = 0; i < (high ? 200 : 1); i++) items.Add(schema["items"] is { } item ? Value(item, document, junk, depth + 1) : null);
            return items;
        }

        if (schema["enum"]?.AsArray().Where(choice => choice is not null).ToList() is [_, ..] choices)
            return (high ? choices[^1] : choices[0])!.DeepClone();
        var format = schema["format"]?.GetValue<string>();
        if (type.Contains("integer"))
            return format == "int64" ? (high ? long.MaxValue : long.MinValue) : high ? int.MaxValue : int.MinValue;
        if (type.Contains("number")) return high ? double.MaxValue : -double.MaxValue;
        if (type.Contains("boolean")) return high;
        return format switch
        {
            "uuid" => high ? Guid.NewGuid().ToString() : Guid.Empty.ToString(),
            "date-time" => high ? "9999-12-31T23:59:59.9999999+00:00" : "0001-01-01T00:00:00+00:00",
            "date" => high ? "9999-12-31" : "0001-01-01",
            "duration" or "date-span" => high ? "10675199.02:48:05.4775807" : "-10675199.02:48:05.4775808",
            _ => high ? new string('x', 4_000) : ""
        };
    }

    private static HashSet<string> Types(JsonNode schema) => schema["type"] switch
    {
        JsonArray many => many.Select(t => t!.GetValue<string>()).ToHashSet(),
        JsonValue one => [one.GetValue<string>()],
        _ => []
    };

    private static JsonNode? Resolve(JsonNode? schema, JsonNode document)
    {
        while (schema?["$ref"]?.GetValue<string>() is { } reference)
            schema = reference.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries).Aggregate(document, (node, part) => node[part]!);
        return schema;
    }

    private async Task<(int Status, string? MediaType, string Text)> Send(Probe probe, string bearer)
    {
        // Each request from an address of its own, so the per-address limits of the public doors stay out of the way.
        var address = new IPAddress(Random.Shared.NextInt64(0x0A000001, 0x0AFFFFFE));
        using var client = new HttpClient(fixture.Host.Server.CreateHandler(c => c.Connection.RemoteIpAddress = address))
            { BaseAddress = fixture.Host.Server.BaseAddress };
        using var request = new HttpRequestMessage(probe.Method, probe.Path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        if (probe.IfMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", probe.IfMatch);
        if (probe.Body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(probe.Body);
            request.Content = probe.Chunked ? new StreamContent(new MemoryStream(bytes)) : new ByteArrayContent(bytes);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            if (probe.Chunked) request.Headers.TransferEncodingChunked = true;
        }

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        // A live stream that opened is an answer; it would never end.
        return ((int)response.StatusCode, mediaType, mediaType == "text/event-stream" ? "" : await response.Content.ReadAsStringAsync());
    }
}
