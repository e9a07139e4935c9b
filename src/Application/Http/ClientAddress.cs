using System.Net;
using System.Net.Sockets;

namespace StatusPage.Application.Http;

/// <summary>
/// Who counts as one client for the per-client limits: an IPv4 address, or an IPv6 /64, since an IPv6 host usually
/// holds a whole /64 and could otherwise take a fresh address for every request. Behind a trusted proxy the
/// connection's address is already the client's (TRUSTED_PROXIES).
/// </summary>
public static class ClientAddress
{
    public static IPAddress Of(HttpContext http) => Of(http.Connection.RemoteIpAddress);

    public static IPAddress Of(IPAddress? address)
    {
        if (address is null) return IPAddress.None;
        if (address.IsIPv4MappedToIPv6) return address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address;
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes);
    }
}
