using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;

namespace StatusPage.Application.Outbound;

/// <summary>
/// Keeps requests the server makes on an operator's behalf (webhooks, monitors) away from its own network: loopback,
/// private, link-local (cloud metadata), multicast and other non-public addresses are refused unless configuration
/// allows their range (OUTBOUND_ALLOW_CIDRS). Addresses are checked when a target is registered and again on every
/// connection, against the address actually connected to, because DNS may answer differently later. IPv6 prefixes
/// that embed an IPv4 address (6to4, NAT64, IPv4-compatible) are refused whole, since the embedded address may be private.
/// </summary>
public sealed class OutboundGuard(IReadOnlyList<IPNetwork> allowed)
{
    private static readonly IPNetwork[] NotPublic =
    [
        .. new[]
        {
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24",
            "192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
            // Azure's platform endpoint (DNS, DHCP, instance health), reachable from every VM.
            "168.63.129.16/32",
            "::/96", "64:ff9b::/96", "64:ff9b:1::/48", "100::/64", "2001:db8::/32", "2002::/16", "fc00::/7", "fe80::/10",
            "fec0::/10", "ff00::/8"
        }.Select(IPNetwork.Parse)
    ];

    /// <summary>Comma-separated CIDRs, e.g. "127.0.0.0/8,10.1.0.0/16"; an invalid entry stops the host at start.</summary>
    public static OutboundGuard Allowing(string? cidrs) => new(
        (cidrs ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(IPNetwork.Parse).ToArray());

    public bool Permits(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        return allowed.Any(range => range.Contains(address)) || !NotPublic.Any(range => range.Contains(address));
    }

    /// <summary>Why the URL is no place to send requests to, or null: absolute http(s) whose host resolves to permitted addresses only.</summary>
    public async Task<string?> ProblemWith(string? url, CancellationToken token)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
            return "must be an absolute http or https URL";
        return await ProblemWithHost(uri.IdnHost, token);
    }

    /// <summary>Why the host is no place to connect to, or null.</summary>
    public async Task<string?> ProblemWithHost(string host, CancellationToken token)
    {
        try
        {
            var addresses = await Resolve(host, token);
            return addresses.All(Permits) ? null : $"'{host}' resolves to an address that is not public";
        }
        catch (SocketException)
        {
            return $"'{host}' does not resolve";
        }
    }

    /// <summary>A TCP connection to a permitted address of the host: what every outbound request goes through.</summary>
    public async Task<Socket> Connect(string host, int port, CancellationToken token)
    {
        var addresses = (await Resolve(host, token)).Where(Permits).ToArray();
        if (addresses.Length == 0) throw new OutboundRefusedException($"'{host}' resolves to no public address");
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, port, token);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// An HTTP handler that connects through the guard and never follows redirects (a redirect is the target's answer).
    /// It ignores HTTP(S)_PROXY: through a proxy the guard would see only the proxy's address, never the target's.
    /// </summary>
    public SocketsHttpHandler Handler() => new()
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        UseCookies = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectCallback = async (context, token) =>
            new NetworkStream(await Connect(context.DnsEndPoint.Host, context.DnsEndPoint.Port, token), ownsSocket: true)
    };

    private static async Task<IPAddress[]> Resolve(string host, CancellationToken token) =>
        IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, token);
}

/// <summary>A connection the guard refused; HttpClient hands it on as the inner exception of its HttpRequestException.</summary>
public sealed class OutboundRefusedException(string message) : IOException(message);

public static class OutboundSetup
{
    public static IServiceCollection AddOutboundGuard(this IServiceCollection services, string? allowCidrs) =>
        services.AddSingleton(OutboundGuard.Allowing(allowCidrs));
}
