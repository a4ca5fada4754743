namespace Img2Dataset.Engine.Reporting;

/// <summary>A failure message (less its row's particulars) with how many rows it failed and one of their URLs.</summary>
public sealed class ErrorFigure(string message)
{
    public string Message { get; } = message;
    public long Count { get; set; }
    public string? ExampleUrl { get; set; }
}
