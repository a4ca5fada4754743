namespace Img2Dataset.Engine.Policy;

/// <summary>
/// Directives of an X-Robots-Tag value that apply to one agent, or to every agent when <see cref="Agent"/> is null;
/// <see cref="UnavailableAfter"/> is the date text of an <c>unavailable_after</c> directive, as sent.
/// </summary>
public sealed record RobotsDirectiveGroup(string? Agent, IReadOnlyList<string> Directives, string? UnavailableAfter = null);
