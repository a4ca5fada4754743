using System.Net;
using System.Net.Sockets;

namespace Img2Dataset.Engine.Fetch;

/// <summary>
/// Addresses a crawler must not reach unless told to: loopback, private, shared (CGNAT), link-local (cloud metadata),
/// unspecified, multicast, reserved and benchmarking ranges (the IANA special-purpose registries, RFC 6890), and the
/// IPv6 forms that carry an IPv4 address inside (mapped, compatible, NAT64 64:ff9b::/96 and 64:ff9b:1::/48, 6to4
/// 2002::/16), judged by the IPv4 address they lead to.
/// </summary>
public static class PrivateNetwork
{
    public static bool Contains(IPAddress address)
    {
        if (EmbeddedIPv4(address) is { } inner)
        {
            address = inner;
        }
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return true;
        }
        var b = address.GetAddressBytes();
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || (b[0] & 0xFE) == 0xFC
                || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8);
        }
        return b[0] switch
        {
            0 or 10 or 127 => true,
            100 => b[1] is >= 64 and <= 127,
            169 => b[1] == 254,
            172 => b[1] is >= 16 and <= 31,
            192 => b[1] == 168 || (b[1] == 0 && b[2] is 0 or 2) || (b[1] == 88 && b[2] == 99),
            198 => b[1] is 18 or 19 || (b[1] == 51 && b[2] == 100),
            203 => b[1] == 0 && b[2] == 113,
            >= 224 => true,
            _ => false,
        };
    }

    /// <summary>The IPv4 address an IPv6 address stands for, when it is one of the forms that embed one.</summary>
    private static IPAddress? EmbeddedIPv4(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return null;
        }
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }
        var b = address.GetAddressBytes();
        var zeroPrefix = b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0;
        // ::a.b.c.d (IPv4-compatible, deprecated by RFC 4291 but still routed by some stacks); :: and ::1 are not.
        if (zeroPrefix && (b[12] | b[13]) != 0)
        {
            return new IPAddress(b.AsSpan(12, 4));
        }
        if (b is [0x00, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0, ..])
        {
            return new IPAddress(b.AsSpan(12, 4));
        }
        if (b is [0x00, 0x64, 0xFF, 0x9B, 0x00, 0x01, ..])
        {
            // RFC 8215's local-use NAT64 prefix: every translation under it is local by definition.
            return IPAddress.Loopback;
        }
        if (b[0] == 0x20 && b[1] == 0x02)
        {
            return new IPAddress(b.AsSpan(2, 4));
        }
        return null;
    }
}
