using System.Text;

namespace Img2Dataset.Engine.Policy;

/// <summary>
/// The one spelling robots.txt patterns and request paths are compared in (RFC 9309 §2.2.2): characters outside
/// US-ASCII are percent-encoded as UTF-8, a percent-encoded unreserved character (RFC 3986 §2.3: letters, digits,
/// "-", ".", "_", "~") is decoded, and the hex digits of the remaining escapes are upper-cased. So
/// <c>Disallow: /café/</c> matches <c>/caf%C3%A9/x.jpg</c>, and <c>Disallow: /%7Eprivate/</c> matches both
/// <c>/~private/</c> and <c>/%7eprivate/</c>. Reserved characters keep whatever form they were written in.
/// </summary>
public static class RobotsPath
{
    public static string Normalize(string path)
    {
        if (path.AsSpan().IndexOfAnyExceptInRange(' ', '~') < 0 && !path.Contains('%'))
        {
            return path;
        }
        var result = new StringBuilder(path.Length + 8);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < path.Length; i++)
        {
            var c = path[i];
            if (c == '%' && i + 2 < path.Length && IsHex(path[i + 1]) && IsHex(path[i + 2]))
            {
                var decoded = (char)Convert.ToByte(path.Substring(i + 1, 2), 16);
                result.Append(IsUnreserved(decoded) ? decoded.ToString() : "%" + char.ToUpperInvariant(path[i + 1]) + char.ToUpperInvariant(path[i + 2]));
                i += 2;
            }
            else if (c > '~' || c < ' ')
            {
                var length = char.IsHighSurrogate(c) && i + 1 < path.Length
                    ? Encoding.UTF8.GetBytes(path.AsSpan(i++, 2), utf8)
                    : Encoding.UTF8.GetBytes(path.AsSpan(i, 1), utf8);
                foreach (var b in utf8[..length])
                {
                    result.Append('%').Append(b.ToString("X2"));
                }
            }
            else
            {
                result.Append(c);
            }
        }
        return result.ToString();
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static bool IsUnreserved(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~';
}
