namespace Img2Dataset.Engine.Reporting;

/// <summary>
/// One opt-out signal across a dataset (or one host's rows): the images it refused, those it marked but that were kept
/// (Update-DatasetConsent -MarkOnly), and one row's evidence and URL, so a reader sees why.
/// </summary>
public sealed class SignalFigure(string name)
{
    /// <summary>The signal, or the host when the figure is a host's.</summary>
    public string Name { get; } = name;
    public long Refused { get; set; }
    public long Marked { get; set; }
    public string? ExampleEvidence { get; set; }
    public string? ExampleUrl { get; set; }
    /// <summary>For a host's figure: its refusals by signal.</summary>
    public Dictionary<string, long> BySignal { get; } = new(StringComparer.Ordinal);
}
