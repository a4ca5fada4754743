using System.Net;

namespace Img2Dataset.Engine.Fetch;

/// <summary>A host resolved only to addresses the crawler may not reach.</summary>
public sealed class PrivateAddressException(string host, IReadOnlyList<IPAddress> addresses)
    : IOException($"Refused to connect to {host}: it resolves to a loopback, private, link-local or unspecified address ({string.Join(", ", addresses)}); allow it with AllowPrivateNetwork")
{
    public string Host { get; } = host;
}
