namespace Img2Dataset.Engine.Policy;

/// <summary>Directives of an X-Robots-Tag value that apply to one agent, or to every agent when <see cref="Agent"/> is null.</summary>
public sealed record RobotsDirectiveGroup(string? Agent, IReadOnlyList<string> Directives);
