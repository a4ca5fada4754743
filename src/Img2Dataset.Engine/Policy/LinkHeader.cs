namespace Img2Dataset.Engine.Policy;

/// <summary>
/// The targets of an HTTP <c>Link</c> header by relation type (RFC 8288 §3: <c>&lt;URI-Reference&gt;</c> then
/// parameters, link-values separated by commas). Commas and semicolons may occur inside a target and inside a quoted
/// parameter value, so the header is scanned, not split; a malformed link-value ends the scan.
/// </summary>
public static class LinkHeader
{
    /// <summary>The first target among <paramref name="values"/> whose <c>rel</c> names <paramref name="relation"/> (case-insensitive, §3.3); null when none does.</summary>
    public static string? Target(IEnumerable<string> values, string relation)
    {
        foreach (var value in values)
        {
            var at = 0;
            while (NextLink(value, ref at) is var (target, rel))
            {
                if (rel?.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(relation, StringComparer.OrdinalIgnoreCase) == true)
                {
                    return target;
                }
            }
        }
        return null;
    }

    /// <summary>The link-value from <paramref name="at"/>: its target and its rel parameter; null at the end or at a malformed one.</summary>
    private static (string Target, string? Rel)? NextLink(string value, ref int at)
    {
        while (at < value.Length && (value[at] is ',' || char.IsWhiteSpace(value[at])))
        {
            at++;
        }
        var close = at < value.Length && value[at] == '<' ? value.IndexOf('>', at) : -1;
        if (close < 0)
        {
            return null;
        }
        var target = value[(at + 1)..close].Trim();
        at = close + 1;
        string? rel = null;
        while (at < value.Length && value[at] != ',')
        {
            if (value[at] != ';')
            {
                at++;
                continue;
            }
            at++;
            var (name, parameter) = Parameter(value, ref at);
            if (name.Equals("rel", StringComparison.OrdinalIgnoreCase))
            {
                rel ??= parameter;
            }
        }
        return (target, rel);
    }

    /// <summary>One <c>name=value</c> parameter, the value a token or a quoted-string (backslash escapes undone).</summary>
    private static (string Name, string Value) Parameter(string value, ref int at)
    {
        var nameStart = at;
        while (at < value.Length && value[at] is not ('=' or ';' or ','))
        {
            at++;
        }
        var name = value[nameStart..at].Trim();
        if (at >= value.Length || value[at] != '=')
        {
            return (name, "");
        }
        at++;
        while (at < value.Length && char.IsWhiteSpace(value[at]))
        {
            at++;
        }
        if (at < value.Length && value[at] == '"')
        {
            var quoted = new System.Text.StringBuilder();
            for (at++; at < value.Length && value[at] != '"'; at++)
            {
                if (value[at] == '\\' && at + 1 < value.Length)
                {
                    at++;
                }
                quoted.Append(value[at]);
            }
            at++;
            return (name, quoted.ToString());
        }
        var start = at;
        while (at < value.Length && value[at] is not (';' or ','))
        {
            at++;
        }
        return (name, value[start..at].Trim());
    }
}
