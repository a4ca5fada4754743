using System.Text.RegularExpressions;

namespace Img2Dataset.Engine.Policy;

/// <summary>
/// Parses X-Robots-Tag values as the major search engines specify them: comma-separated, case-insensitive directives;
/// <c>name:</c> starts a group scoped to that agent, which lasts until the next <c>name:</c>; directives that carry a value
/// (<c>unavailable_after: date</c>, <c>max-image-preview: none</c>) are directives, not agent names; <c>none</c> means
/// <c>noindex, nofollow</c>. Unknown directives are kept: whether they matter is the policy's business.
/// </summary>
public static partial class XRobotsTagParser
{
    private static readonly HashSet<string> DirectivesWithValue = new(StringComparer.Ordinal)
    {
        "unavailable_after", "max-snippet", "max-image-preview", "max-video-preview",
    };

    public static IReadOnlyList<RobotsDirectiveGroup> Parse(string headerValue)
    {
        var groups = new List<RobotsDirectiveGroup>();
        string? agent = null;
        var directives = new List<string>();
        string? unavailableAfter = null;
        foreach (var item in headerValue.Split(','))
        {
            // An empty name (": noai") scopes nothing: the directive applies to every agent.
            var text = item.Trim().TrimStart(':');
            var (name, colon) = NameBeforeColon(text);
            if (colon >= 0 && !DirectivesWithValue.Contains(name) && AgentName().IsMatch(name))
            {
                Close(groups, agent, directives, unavailableAfter);
                (agent, directives, unavailableAfter) = (name, [], null);
                text = text[(colon + 1)..].Trim();
                (name, colon) = NameBeforeColon(text);
            }
            else if (unavailableAfter is not null && !DirectiveName().IsMatch(name))
            {
                // The rest of a date the comma split: "unavailable_after: Friday, 25-Jun-2010 15:00:00 PST".
                unavailableAfter += ", " + text;
                continue;
            }
            if (name == "unavailable_after" && colon >= 0)
            {
                unavailableAfter = text[(colon + 1)..].Trim();
            }
            AddDirective(directives, text);
        }
        Close(groups, agent, directives, unavailableAfter);
        return groups;
    }

    /// <summary>
    /// Adds a directive by its name: a valued directive keeps only its name, and a fragment of a date
    /// ("25-Jun-2010 15:00:00 PST") is no directive at all.
    /// </summary>
    private static void AddDirective(List<string> directives, string text)
    {
        var (name, _) = NameBeforeColon(text);
        if (name == "none")
        {
            directives.AddRange(["noindex", "nofollow"]);
        }
        else if (DirectiveName().IsMatch(name))
        {
            directives.Add(name);
        }
    }

    private static (string Name, int Colon) NameBeforeColon(string text)
    {
        var colon = text.IndexOf(':');
        return ((colon < 0 ? text : text[..colon]).Trim().ToLowerInvariant(), colon);
    }

    private static void Close(List<RobotsDirectiveGroup> groups, string? agent, List<string> directives, string? unavailableAfter)
    {
        if (agent is not null || directives.Count > 0)
        {
            groups.Add(new RobotsDirectiveGroup(agent, directives, unavailableAfter));
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9_.-]*$")]
    private static partial Regex AgentName();

    [GeneratedRegex("^[a-z0-9_-]+$")]
    private static partial Regex DirectiveName();
}
