using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using StatusPage.Domain.Alerts;

namespace StatusPage.Application.Alerts;

/// <summary>
/// Reads what a monitoring system sends into one <see cref="AlertNotification"/>: Alertmanager's webhook (version 4),
/// Grafana's (the same alerts, with Grafana's additions ignored), or the generic shape
/// <c>{key, status, component, severity, title, description}</c>. A payload that is not its kind's shape is refused
/// with the reason, and nothing is changed.
/// </summary>
public static class AlertPayloads
{
    public const int MaxLabels = 64;
    public const int MaxValueLength = 1_000;
    private const string SeverityLabel = "severity";

    public static (AlertNotification? Notification, string? Problem) Read(AlertSourceKind kind, string componentLabel, ReadOnlyMemory<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return (null, "The body must be a JSON object.");
            return kind == AlertSourceKind.Generic ? Generic(root) : Grouped(kind, componentLabel, root);
        }
        catch (JsonException e)
        {
            return (null, $"The body is not JSON: {e.Message}");
        }
        catch (FormatException e)
        {
            return (null, e.Message);
        }
    }

    private static (AlertNotification?, string?) Grouped(AlertSourceKind kind, string componentLabel, JsonElement root)
    {
        if (kind == AlertSourceKind.Alertmanager && Text(root, "version") != "4")
            return (null, "An Alertmanager notification has \"version\": \"4\" (Alertmanager 0.16 and later send it).");
        if (!root.TryGetProperty("alerts", out var alerts) || alerts.ValueKind != JsonValueKind.Array)
            return (null, "'alerts' must be an array of alerts.");
        if (alerts.GetArrayLength() > AlertRules.MaxAlertsPerNotification)
            return (null, $"'alerts' holds more than {AlertRules.MaxAlertsPerNotification} alerts.");

        var common = Strings(root, "commonLabels");
        var groupKey = Text(root, "groupKey") is { Length: > 0 } key ? key : Fingerprint(Strings(root, "groupLabels"));
        var received = new List<ReceivedAlert>();
        foreach (var alert in alerts.EnumerateArray())
        {
            if (alert.ValueKind != JsonValueKind.Object) return (null, "Each of 'alerts' must be an object.");
            var status = Text(alert, "status");
            if (status is not ("firing" or "resolved")) return (null, "Each alert's 'status' must be \"firing\" or \"resolved\".");
            var labels = Strings(alert, "labels");
            if (labels.Count == 0) return (null, "Each alert must carry 'labels'.");
            var annotations = Strings(alert, "annotations");
            var fingerprint = Text(alert, "fingerprint") is { Length: > 0 } given ? given : Fingerprint(labels);
            var title = annotations.GetValueOrDefault("summary") ?? labels.GetValueOrDefault("alertname") ?? fingerprint;
            received.Add(new ReceivedAlert(fingerprint, status == "firing",
                labels.GetValueOrDefault(componentLabel) ?? common.GetValueOrDefault(componentLabel),
                labels.GetValueOrDefault(SeverityLabel) ?? common.GetValueOrDefault(SeverityLabel), title,
                annotations.GetValueOrDefault("description"), labels));
        }

        return (new AlertNotification(groupKey, received), null);
    }

    private static (AlertNotification?, string?) Generic(JsonElement root)
    {
        var key = Text(root, "key");
        if (string.IsNullOrWhiteSpace(key) || key.Length > 200) return (null, "'key' is required: 1 to 200 characters naming the alert.");
        var status = Text(root, "status");
        if (status is not ("firing" or "resolved")) return (null, "'status' must be \"firing\" or \"resolved\".");
        var component = Text(root, "component");
        var severity = Text(root, "severity");
        var labels = new Dictionary<string, string> { ["key"] = key };
        if (component is not null) labels["component"] = component;
        if (severity is not null) labels["severity"] = severity;
        var alert = new ReceivedAlert(key, status == "firing", component, severity, Text(root, "title") is { Length: > 0 } title ? title : key,
            Text(root, "description"), labels);
        return (new AlertNotification(key, [alert]), null);
    }

    /// <summary>A string property, cut to <see cref="MaxValueLength"/>; a property of another type is a malformed payload.</summary>
    private static string? Text(JsonElement element, string name) =>
        !element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.String ? Cut(value.GetString()!)
        : throw new FormatException($"'{name}' must be a string.");

    private static Dictionary<string, string> Strings(JsonElement element, string name)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return map;
        if (value.ValueKind != JsonValueKind.Object) throw new FormatException($"'{name}' must be an object of strings.");
        foreach (var property in value.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String) throw new FormatException($"'{name}.{property.Name}' must be a string.");
            if (map.Count == MaxLabels) throw new FormatException($"'{name}' holds more than {MaxLabels} entries.");
            map[Cut(property.Name)] = Cut(property.Value.GetString()!);
        }

        return map;
    }

    private static string Cut(string value) => value.Length <= MaxValueLength ? value : value[..MaxValueLength];

    /// <summary>What identifies an alert that came without a fingerprint: its labels, as Alertmanager's own fingerprint does.</summary>
    private static string Fingerprint(IReadOnlyDictionary<string, string> labels) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            string.Join('\n', labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")))))[..16];
}
