using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using IPNetwork = System.Net.IPNetwork;

namespace StatusPage.Host.Configuration;

/// <summary>
/// Where a node listens (BIND_ADDRESS, API_PORT), which proxies it believes about the client (TRUSTED_PROXIES) and
/// the address readers reach it at (PUBLIC_URL), checked when the host starts so that a typo stops it with the
/// variable's name instead of surfacing later in a link or a refused connection.
/// </summary>
public sealed class NodeOptions
{
    public string PublicUrl { get; set; } = "http://127.0.0.1:5000";

    public string BindAddress { get; set; } = "127.0.0.1";

    public string ApiPort { get; set; } = "5000";

    public string? TrustedProxies { get; set; }

    /// <summary>The Kestrel address for BIND_ADDRESS and API_PORT, or null while either is not valid (the check at start then names it).</summary>
    public static string? ListenUrl(string? bindAddress, string? apiPort)
    {
        if (!IPAddress.TryParse(bindAddress ?? "127.0.0.1", out var address) || Port(apiPort ?? "5000") is not { } port) return null;
        return address.AddressFamily == AddressFamily.InterNetworkV6 ? $"http://[{address}]:{port}" : $"http://{address}:{port}";
    }

    private static int? Port(string text) => int.TryParse(text, out var port) && port is > 0 and < 65536 ? port : null;

    /// <summary>Addresses (one host) and CIDR ranges, comma-separated; the entry that is neither, if any.</summary>
    public static (List<IPNetwork> Networks, string? Invalid) Proxies(string? list)
    {
        var networks = new List<IPNetwork>();
        foreach (var entry in (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (IPAddress.TryParse(entry, out var address) && !entry.Contains('/'))
                networks.Add(new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128));
            else if (IPNetwork.TryParse(entry, out var network)) networks.Add(network);
            else return (networks, entry);
        }

        return (networks, null);
    }

    public sealed class Check : IValidateOptions<NodeOptions>
    {
        public ValidateOptionsResult Validate(string? name, NodeOptions options)
        {
            var failures = new List<string>();
            if (!Uri.TryCreate(options.PublicUrl, UriKind.Absolute, out var publicUrl) || publicUrl.Scheme is not ("http" or "https"))
                failures.Add($"PUBLIC_URL '{options.PublicUrl}' is not an absolute http:// or https:// URL (https://status.example.com).");
            if (!IPAddress.TryParse(options.BindAddress, out _))
                failures.Add($"BIND_ADDRESS '{options.BindAddress}' is not an IP address (127.0.0.1, 0.0.0.0, ::).");
            if (Port(options.ApiPort) is null) failures.Add($"API_PORT '{options.ApiPort}' is not a port number (1-65535).");
            if (Proxies(options.TrustedProxies).Invalid is { } invalid)
                failures.Add($"TRUSTED_PROXIES: '{invalid}' is neither an IP address nor a CIDR range (10.0.0.5, 10.0.0.0/24, fd00::/8).");
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}

public static class NodeSetup
{
    public static IServiceCollection AddNodeOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IValidateOptions<NodeOptions>, NodeOptions.Check>();
        services.AddOptions<NodeOptions>().Bind(configuration).ValidateOnStart();
        services.AddHostedService<LoopbackPublicUrlWarning>();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<NodeOptions>>((forwarded, node) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            // Only the proxies named are believed, however many of them the request passed through: the defaults
            // (loopback) are dropped, and the client is the nearest address that is not a trusted proxy.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            forwarded.ForwardLimit = null;
            foreach (var network in NodeOptions.Proxies(node.Value.TrustedProxies).Networks) forwarded.KnownIPNetworks.Add(network);
        });
        return services;
    }

    /// <summary>
    /// First in the pipeline, so that rate limits, logs, cookies and sign-in redirects all see the client and scheme the
    /// proxy saw. Without TRUSTED_PROXIES it stays out: with no proxy listed, the middleware would believe every one.
    /// </summary>
    public static void UseTrustedProxies(this WebApplication app)
    {
        if (app.Configuration["TrustedProxies"] is { Length: > 0 }) app.UseForwardedHeaders();
    }
}

/// <summary>Links in mail, feeds and webhooks start from PUBLIC_URL: in production a loopback one reaches no reader.</summary>
internal sealed class LoopbackPublicUrlWarning(IHostEnvironment environment, IOptions<NodeOptions> options, ILogger<NodeOptions> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (environment.IsProduction() && Uri.TryCreate(options.Value.PublicUrl, UriKind.Absolute, out var url) && url.IsLoopback)
            logger.LogWarning("PUBLIC_URL is {PublicUrl}, a loopback address: links in mail, feeds and webhooks will not reach readers. " +
                              "Set PUBLIC_URL to the address readers use (https://status.example.com).", options.Value.PublicUrl);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
